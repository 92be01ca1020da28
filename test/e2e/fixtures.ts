// Shared Playwright fixtures: a real Prosody + vite dev server per worker, and real XMPP
// peers in Node (@xmpp/client over WebSocket, SCRAM-SHA-1).
//
//   import { expect, test } from './fixtures';
//   test('…', async ({ page, server, xmppClient }) => {
//     const bob = await xmppClient('bob');
//     await page.goto('/');           // baseURL is this worker's vite server
//   });

import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { type Client, type ClientOptions, client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { DEMO_ACCOUNTS, demoPassword } from '../../demo/server/accounts.mjs';
import { type Prosody, startProsody } from '../../demo/server/prosody.mjs';
import { startVite } from '../../demo/server/vite.mjs';
import { type NetProxy, startNetProxy } from '../../demo/server/net-proxy.mjs';

// Node 20 has no global WebSocket; xmpp.js needs one (see node-websocket.mjs).
import '../../demo/server/node-websocket.mjs';

export { expect };

export interface Server {
  /** The vite dev server serving the project root, e.g. http://127.0.0.1:41234 */
  baseURL: string;
  /** Prosody's own WebSocket URL, for Node clients: ws://127.0.0.1:PORT/xmpp-websocket */
  service: string;
  /** The same endpoint through the vite proxy: what a page at baseURL uses (same host). */
  pageService: string;
  /** 'localhost' (the demo accounts live here). */
  domain: string;
  /** 'anon.localhost' (SASL ANONYMOUS). */
  anonDomain: string;
  /** 'guest.localhost' (in-band registration allowed). */
  guestDomain: string;
  prosody: Prosody;
}

export interface User {
  user: string;
  jid: string;
  password: string;
}

export interface FreshUsersOptions {
  /** Make every pair mutual contacts ("both"), in this group. Default: no roster. */
  group?: string;
  prefix?: string;
}

export type ClientExtra = Partial<Omit<ClientOptions, 'username' | 'password'>> & {
  /** Send initial presence once online, so the client is available (default true). */
  presence?: boolean;
};

export interface Fixtures {
  /**
   * A started @xmpp/client in Node, logged in with SCRAM-SHA-1 (stopped after the test).
   * `user` is a name on localhost or `name@host`; the password defaults to the demo one.
   * It has sent initial presence (it is available) unless `{ presence: false }`.
   */
  xmppClient: (user: string, password?: string, options?: ClientExtra) => Promise<Client>;
  /** A started anonymous client on anon.localhost, available (stopped after the test). */
  anonymousClient: (options?: ClientExtra) => Promise<Client>;
  /**
   * New accounts on localhost with unique names (isolated from other tests of the worker).
   * With `group`, they are all mutual contacts of each other in that group.
   */
  freshUsers: (count: number, options?: FreshUsersOptions) => Promise<User[]>;
  /**
   * A TCP proxy to this worker's Prosody HTTP/WebSocket port, for network faults (cut,
   * blackhole, injected or dropped frames); see net-proxy.ts. Closed after the test.
   */
  netProxy: NetProxy;
}

export interface WorkerFixtures {
  server: Server;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms),
    ),
  ]);

/**
 * A clean `</close>` (so Prosody ends the session at once instead of letting it hibernate),
 * but without waiting for xmpp.js's 2 s close timeout: sometimes Prosody closes the socket
 * before xmpp.js has seen its `</close>`, and stop() then waits the full timeout for nothing.
 */
async function stopQuietly(entity: Client) {
  try {
    entity.reconnect?.stop();
    if (entity.status === 'offline' || entity.status === 'disconnect') return;
    const disconnected = new Promise<void>((resolve) => {
      entity.on('status', (status) => {
        if (status === 'disconnect' || status === 'offline') resolve();
      });
    });
    await withTimeout(Promise.race([entity.stop(), disconnected]), 3000, 'stop');
  } catch {
    // Already gone (server stopped, socket killed): nothing to clean up.
  }
}

let counter = 0;

export const test = base.extend<Fixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
    async ({}, use) => {
      const prosody = await startProsody({ quiet: true });
      let vite: Awaited<ReturnType<typeof startVite>> | undefined;
      try {
        vite = await startVite({
          prosodyHttpPort: prosody.httpPort,
          quiet: true,
          // Private to this server (deleted with Prosody's folder): parallel runs never share it.
          cacheDir: join(prosody.dir, 'vite-cache'),
        });
        await use({
          baseURL: vite.baseURL,
          service: prosody.service,
          pageService: vite.service,
          domain: prosody.domain,
          anonDomain: prosody.anonDomain,
          guestDomain: prosody.guestDomain,
          prosody,
        });
      } finally {
        await vite?.close().catch(() => {});
        await prosody.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  baseURL: async ({ server }, use) => {
    await use(server.baseURL);
  },

  xmppClient: async ({ server }, use) => {
    const started: Client[] = [];
    await use(async (user, password, { presence = true, ...options } = {}) => {
      const [username, domain] = user.includes('@') ? user.split('@') : [user, server.domain];
      const entity = client({
        service: server.service,
        domain,
        username,
        password: password ?? demoPassword(username),
        ...options,
      });
      entity.on('error', () => {});
      started.push(entity);
      await withTimeout(entity.start(), 10_000, `login as ${username}@${domain}`);
      // Like a real client: ask for the roster first, so the server treats this resource as
      // interested and sends it roster pushes and subscription requests (RFC 6121 §2.1.6).
      await entity.iqCaller.request(
        xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
      );
      if (presence) await entity.send(xml('presence'));
      return entity;
    });
    for (const entity of started) await stopQuietly(entity);
  },

  anonymousClient: async ({ server }, use) => {
    const started: Client[] = [];
    await use(async ({ presence = true, ...options } = {}) => {
      const entity = client({ service: server.service, domain: server.anonDomain, ...options });
      entity.on('error', () => {});
      started.push(entity);
      await withTimeout(entity.start(), 10_000, 'anonymous login');
      if (presence) await entity.send(xml('presence'));
      return entity;
    });
    for (const entity of started) await stopQuietly(entity);
  },

  freshUsers: async ({ server }, use, testInfo) => {
    await use(async (count, options = {}) => {
      const prefix = options.prefix ?? 'u';
      const users: User[] = [];
      for (let i = 0; i < count; i++) {
        counter += 1;
        const user = `${prefix}${testInfo.workerIndex}x${counter}x${Date.now().toString(36)}`;
        const password = `${user}-pw`;
        const jid = await server.prosody.register(user, password);
        users.push({ user, jid, password });
      }
      if (options.group) {
        for (const me of users) {
          server.prosody.setRoster(
            me.user,
            users
              .filter((u) => u !== me)
              .map((u) => ({ jid: u.jid, name: u.user, groups: [options.group as string] })),
          );
        }
      }
      return users;
    });
  },

  netProxy: async ({ server }, use) => {
    const proxy = await startNetProxy(server.prosody.httpPort);
    try {
      await use(proxy);
    } finally {
      await proxy.close();
    }
  },
});

/** The demo accounts (alice, bob, carol, dave, support), each with its password. */
export const demoAccounts = DEMO_ACCOUNTS;

/**
 * Resolves with the next stanza `entity` receives that matches `match` (stanzas that arrived
 * before the call are not seen: call it before triggering the stanza).
 */
export function nextStanza(
  entity: Client,
  match: (stanza: Element) => boolean,
  timeout = 5000,
): Promise<Element> {
  return new Promise((resolve, reject) => {
    const onStanza = (stanza: Element) => {
      if (!match(stanza)) return;
      clearTimeout(timer);
      entity.off('stanza', onStanza);
      resolve(stanza);
    };
    const timer = setTimeout(() => {
      entity.off('stanza', onStanza);
      reject(new Error(`no matching stanza within ${timeout} ms`));
    }, timeout);
    entity.on('stanza', onStanza);
  });
}

/** Records every stanza `entity` receives from now on. */
export function collectStanzas(entity: Client): Element[] {
  const seen: Element[] = [];
  entity.on('stanza', (stanza) => seen.push(stanza));
  return seen;
}
