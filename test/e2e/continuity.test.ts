// Continuity: Chatlet on every page of a site. A person moves through pages; their contacts
// never see them go offline and come back, they never type their password again, no message
// is lost or doubled — with the project's Prosody offering FAST (XEP-0484) and a real second
// client watching alice's presence.
import type { Client } from '@xmpp/client';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Page } from '@playwright/test';
import { startProsody } from '../../demo/server/prosody.mjs';
import { collectStanzas, type User } from './fixtures';
import { expect, openHostPage, test } from './host-page';
import { openPageWith } from './proxy-helpers';
import { logIn, messages, openChat, openWidget, send, submitLogin } from './widget-helpers';

const PAGES = ['/', '/demo/intranet.html'];

const bodies = (stanzas: Element[]) =>
  stanzas.flatMap((s) =>
    s.is('message') && s.getChildText('body') ? [s.getChildText('body')!] : [],
  );

/** Presence stanzas from `jid` (any resource) among `stanzas`. */
const presencesFrom = (stanzas: Element[], jid: string) =>
  stanzas.filter((s) => s.is('presence') && s.attrs.from?.split('/')[0] === jid);

/** What the page's own session holds: its conversation with `peer`, oldest first. */
async function shown(page: Page, peer: string): Promise<string[]> {
  return page.evaluate(async (jid) => {
    type Module = {
      defaultSession: {
        value: { conversation(jid: string): { messages: { value: { body: string }[] } } } | null;
      };
    };
    const url = '/src/default-session.ts';
    const { defaultSession } = (await import(/* @vite-ignore */ url)) as Module;
    return defaultSession.value?.conversation(jid).messages.value.map((m) => m.body) ?? [];
  }, peer);
}

/** The page's session status and own JID. */
async function sessionOf(page: Page): Promise<{ status: string; jid: string | null } | null> {
  return page.evaluate(async () => {
    type Module = {
      defaultSession: { value: { status: { value: string }; jid: { value: string | null } } };
    };
    const { defaultSession } = (await import(
      /* @vite-ignore */ `${'/src/default-session.ts'}`
    )) as Module;
    const session = defaultSession.value;
    return session ? { status: session.status.value, jid: session.jid.value } : null;
  });
}

/** Every string kept by the page's origin: Web Storage, cookies and all of IndexedDB. */
async function everythingStored(page: Page): Promise<string> {
  const cookies = JSON.stringify(await page.context().cookies());
  const stored = await page.evaluate(async () => {
    const parts: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        parts.push(key, storage.getItem(key) ?? '');
      }
    }
    const text = (value: unknown) =>
      JSON.stringify(value, (_, v: unknown) =>
        v instanceof Uint8Array || v instanceof ArrayBuffer
          ? new TextDecoder().decode(v as Uint8Array)
          : v,
      );
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        parts.push(text(all));
      }
      db.close();
    }
    return parts.join('\n');
  });
  return `${cookies}\n${stored}`;
}

/** SASL2 and XEP-0198 nonzas the page sent on its WebSockets, from now on. */
function watchLogins(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const text = String(payload);
      if (/<(authenticate|auth|resume|enable|bind)\b/.test(text)) frames.push(text);
    });
  });
  return frames;
}

async function aliceAndWatcher(
  page: Page,
  {
    freshUsers,
    xmppClient,
  }: {
    freshUsers: (n: number, o: { group: string }) => Promise<User[]>;
    xmppClient: (u: string, p?: string) => Promise<Client>;
  },
) {
  const [alice, bob] = (await freshUsers(2, { group: 'Team' })) as [User, User];
  const bobClient = await xmppClient(bob.jid, bob.password);
  const bobSeen = collectStanzas(bobClient);
  await logIn(page, alice.jid, alice.password);
  // alice is online for bob before the walk starts.
  await expect.poll(() => presencesFrom(bobSeen, alice.jid).length).toBeGreaterThan(0);
  return { alice, bob, bobClient, bobSeen };
}

test('20 page navigations: no presence flap, every message once, no password asked or stored', async ({
  page,
  freshUsers,
  xmppClient,
}) => {
  test.setTimeout(120_000);
  const { alice, bob, bobClient, bobSeen } = await aliceAndWatcher(page, {
    freshUsers,
    xmppClient,
  });
  await openChat(page, bob.jid);
  await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
  const before = presencesFrom(bobSeen, alice.jid).length;
  const logins = watchLogins(page);

  const toAlice: string[] = [];
  const fromAlice: string[] = [];
  for (let i = 0; i < 20; i++) {
    // bob writes while alice is between pages, alice writes on every other page.
    const text = `to alice ${i}`;
    toAlice.push(text);
    const navigation = page.goto(PAGES[(i + 1) % PAGES.length]!);
    await bobClient.send(
      xml('message', { to: alice.jid, type: 'chat', id: `b${i}` }, xml('body', {}, text)),
    );
    await navigation;
    // The panel stays open on the conversation, and no login form ever shows.
    await expect(page.locator('chatlet-widget chatlet-chat-pane')).toHaveAttribute('jid', bob.jid);
    await expect(page.locator('chatlet-widget form.login')).toHaveCount(0);
    await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
    if (i % 2 === 1) {
      const mine = `from alice ${i}`;
      fromAlice.push(mine);
      await send(page, mine);
    }
  }

  // Every message exactly once on both sides.
  await expect
    .poll(async () => {
      const texts = await shown(page, bob.jid);
      return [...toAlice, ...fromAlice].filter((t) => texts.filter((x) => x === t).length !== 1);
    })
    .toEqual([]);
  await expect
    .poll(() => fromAlice.filter((t) => bodies(bobSeen).filter((b) => b === t).length !== 1))
    .toEqual([]);
  await expect(messages(page).last()).toBeVisible();
  // bob never saw alice change: not one presence stanza from her during the walk.
  expect(presencesFrom(bobSeen, alice.jid).slice(before)).toEqual([]);
  // Every page resumed the session with the token alone: no password mechanism, no bind.
  expect(logins.filter((f) => /<resume\b/.test(f))).toHaveLength(20);
  expect(logins.filter((f) => /mechanism=["']HT-SHA-256-NONE/.test(f))).toHaveLength(20);
  expect(logins.filter((f) => /SCRAM|PLAIN|<bind\b/.test(f))).toEqual([]);
  // And the password is nowhere.
  expect(await everythingStored(page)).not.toContain(alice.password);
});

test('logout ends the token on the server; the next page asks for the password', async ({
  page,
  freshUsers,
  xmppClient,
}) => {
  const { alice } = await aliceAndWatcher(page, { freshUsers, xmppClient });
  // The token arrives with the login's success, stored a moment after.
  await expect.poll(() => storedToken(page, alice.jid)).not.toBeNull();
  const token = (await storedToken(page, alice.jid))!;
  expect(token?.mechanism).toBe('HT-SHA-256-NONE');
  const device = await page.evaluate(() => localStorage.getItem('chatlet:device'));

  await page.locator('chatlet-widget').getByRole('button', { name: 'Log out' }).click();
  await expect(page.locator('chatlet-widget form.login')).toBeVisible();

  // The old token, presented by the same device, is refused now.
  const refused = await tryToken(page, alice, token!.token, device!);
  expect(refused).toMatch(/failure/);
  await page.goto(PAGES[1]!);
  await openWidget(page);
  await expect(page.locator('chatlet-widget form.login')).toBeVisible();
});

/** Presents a FAST token over a raw WebSocket from the page; resolves with the answer. */
async function tryToken(
  page: Page,
  user: User,
  token: string,
  device: string,
  service?: string,
): Promise<string> {
  return page.evaluate(
    async ({ jid, token, device, service }) => {
      const [local, domain] = jid.split('@') as [string, string];
      const key = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(token),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const mac = new Uint8Array(
        await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('Initiator')),
      );
      const initial = btoa(`${local}\0${String.fromCharCode(...mac)}`);
      const socket = new WebSocket(
        service ?? `${location.origin.replace(/^http/, 'ws')}/xmpp-websocket`,
        'xmpp',
      );
      return await new Promise<string>((resolve) => {
        socket.onopen = () =>
          socket.send(
            `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" from="${jid}" version="1.0"/>`,
          );
        socket.onmessage = ({ data }) => {
          const text = String(data);
          if (text.includes('<stream:features') && text.includes('urn:xmpp:sasl:2')) {
            socket.send(
              `<authenticate xmlns="urn:xmpp:sasl:2" mechanism="HT-SHA-256-NONE"><initial-response>${initial}</initial-response><user-agent id="${device}"/><fast xmlns="urn:xmpp:fast:0"/></authenticate>`,
            );
          } else if (/<(success|failure)\b/.test(text)) {
            resolve(text);
            socket.close();
          }
        };
        setTimeout(() => resolve('timeout'), 5000);
      });
    },
    { jid: user.jid, token, device, service },
  );
}

/** The FAST token the page's cache holds for `jid`. */
async function storedToken(page: Page, jid: string) {
  return page.evaluate(async (account) => {
    const { openCache } = (await import(/* @vite-ignore */ `${'/src/cache/cache.ts'}`)) as {
      openCache(account: string): Promise<{
        getMeta<T>(key: string): Promise<T | undefined>;
        close(): void;
      }>;
    };
    const cache = await openCache(account);
    const token = await cache.getMeta<{ token: string; expiry: string; mechanism: string } | null>(
      'fastToken',
    );
    cache.close();
    return token ?? null;
  }, jid);
}

test('a token the server rotates is saved and used; the one it replaced is refused', async ({
  page,
}) => {
  // A server that rotates tokens older than a second.
  const server = await startProsody({ quiet: true, fastTokenRotateAfter: 1 });
  try {
    await openPageWith(page, { service: server.service });
    await submitLogin(page, `alice@${server.domain}`, 'alice-demo');
    await expect.poll(() => storedToken(page, 'alice@localhost')).not.toBeNull();
    const first = (await storedToken(page, 'alice@localhost'))!;
    const device = (await page.evaluate(() => localStorage.getItem('chatlet:device')))!;
    await page.waitForTimeout(1_500);
    await page.goto(PAGES[1]!);
    await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
    await expect
      .poll(async () => (await storedToken(page, 'alice@localhost'))?.token)
      .not.toBe(first.token);
    // The next page logs in with the new token; from then on the old one is gone.
    await page.goto(PAGES[0]!);
    await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
    await expect(page.locator('chatlet-widget form.login')).toHaveCount(0);
    const alice = { user: 'alice', jid: 'alice@localhost', password: '' };
    expect(await tryToken(page, alice, first.token, device, server.service)).toMatch(/failure/);
  } finally {
    await server.stop();
  }
});

test('an expired token brings the login form back with the reason, once, without a loop', async ({
  page,
}) => {
  const server = await startProsody({ quiet: true, fastTokenTtl: 2 });
  try {
    await openPageWith(page, { service: server.service });
    await submitLogin(page, `alice@${server.domain}`, 'alice-demo');
    await expect.poll(() => storedToken(page, 'alice@localhost')).not.toBeNull();
    // Let it expire on the server, and make this browser believe it has not (so the server,
    // not the client's clock, is what refuses it).
    await page.waitForTimeout(2_500);
    await page.evaluate(async () => {
      const { openCache } = (await import(/* @vite-ignore */ `${'/src/cache/cache.ts'}`)) as {
        openCache(account: string): Promise<{
          getMeta<T>(key: string): Promise<T | undefined>;
          setMeta(key: string, value: unknown): void;
          flush(): Promise<void>;
          close(): void;
        }>;
      };
      const cache = await openCache('alice@localhost');
      const token = await cache.getMeta<{ expiry: string }>('fastToken');
      cache.setMeta('fastToken', { ...token, expiry: '2999-01-01T00:00:00Z' });
      await cache.flush();
      cache.close();
    });
    let sockets = 0;
    page.on('websocket', (socket) => {
      // The page's XMPP connections (not the dev server's own socket).
      if (socket.url() === server.service) sockets += 1;
    });
    await page.goto(PAGES[1]!);
    await openWidget(page);
    const form = page.locator('chatlet-widget form.login');
    await expect(form).toBeVisible();
    await expect(form.locator('.error')).toContainText(/expired.*log in again/i);
    await expect.poll(() => storedToken(page, 'alice@localhost')).toBeNull();
    // Asked once; no retries behind the person's back.
    await page.waitForTimeout(2_000);
    expect(sockets).toBe(1);
    // And the password brings everything back.
    await submitLogin(page, 'alice@localhost', 'alice-demo');
    await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
  } finally {
    await server.stop();
  }
});

test('a visitor keeps their identity and every reply across 10 pages and a new visit', async ({
  page,
  browser,
  freshUsers,
  xmppClient,
}) => {
  test.setTimeout(120_000);
  const [agent] = (await freshUsers(1)) as [User];
  const agentClient = await xmppClient(agent.jid, agent.password);
  const agentSeen = collectStanzas(agentClient);
  await openPageWith(page, { support: agent.jid }, '/demo/support.html');
  await openWidget(page);
  const widget = page.locator('chatlet-widget');
  await widget.getByLabel('Name').fill('Vera');
  await widget.getByLabel('How can we help?').fill('Where is my order?');
  await widget.getByRole('button', { name: 'Start chat' }).click();
  await expect.poll(() => bodies(agentSeen).length).toBeGreaterThan(0);
  const first = agentSeen.find((s) => s.is('message') && s.getChildText('body'))!;
  const visitor = first.attrs.from!.split('/')[0]!;
  expect(visitor).toMatch(/@guest\.localhost$/);
  // Kept: no "this conversation ends with the page" notice.
  await expect(widget.locator('[part="away"]')).toHaveCount(0);

  const replies: string[] = [];
  for (let i = 0; i < 10; i++) {
    const navigation = page.goto(`/demo/support.html?page=${i}`);
    const reply = `reply ${i}`;
    replies.push(reply);
    await agentClient.send(
      xml('message', { to: visitor, type: 'chat', id: `r${i}` }, xml('body', {}, reply)),
    );
    await navigation;
    await expect.poll(async () => (await sessionOf(page))?.status).toBe('online');
    expect((await sessionOf(page))?.jid).toBe(visitor);
  }
  const everyReplyOnce = async (on: Page) => {
    const texts = await shown(on, agent.jid);
    return replies.filter((r) => texts.filter((t) => t === r).length !== 1);
  };
  await expect.poll(() => everyReplyOnce(page)).toEqual([]);
  expect(bodies(agentSeen).filter((b) => b.includes('Where is my order?'))).toHaveLength(1);

  // Days later, a new browser session with the same storage: the same visitor, all replies.
  const storage = await page.context().storageState({ indexedDB: true });
  const later = await browser.newContext({ storageState: storage });
  try {
    const again = await later.newPage();
    await openPageWith(again, { support: agent.jid }, '/demo/support.html');
    await expect.poll(async () => (await sessionOf(again))?.status).toBe('online');
    expect((await sessionOf(again))?.jid).toBe(visitor);
    await expect.poll(() => everyReplyOnce(again)).toEqual([]);
    await openWidget(again);
    await expect(again.locator('chatlet-widget [part="message"]').last()).toContainText('reply 9');
  } finally {
    await later.close();
  }
});

test('an intranet page signed in by the site: no form, the backend asked once, not on the next pages', async ({
  page,
  hostServer,
  freshUsers,
}) => {
  const [alice] = (await freshUsers(1)) as [User];
  const endpoint = `/chat/credentials-${alice.user}.json`;
  hostServer.file(
    endpoint,
    JSON.stringify({ jid: alice.jid, password: alice.password }),
    'application/json',
  );
  const tag = `<main><h1>Intranet</h1></main><script src="/chatlet/chatlet.iife.js" data-service="{{service}}"
    data-domain="localhost" data-credentials-url="${endpoint}" data-widget></script>`;
  let asked = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === endpoint) asked += 1;
  });
  const status = () =>
    page.evaluate(() => {
      const session = (
        window as unknown as {
          Chatlet: {
            defaultSession: { value: { status: { value: string }; jid: { value: string } } | null };
          };
        }
      ).Chatlet.defaultSession.value;
      return session ? `${session.status.value} ${session.jid.value}` : 'none';
    });
  await openHostPage(page, hostServer, { body: tag });
  await expect.poll(status).toBe(`online ${alice.jid}`);
  expect(asked).toBe(1);
  for (let i = 0; i < 3; i++) {
    hostServer.serve(`/intranet-${alice.user}-${i}.html`, { body: tag });
    await page.goto(`${hostServer.origin}/intranet-${alice.user}-${i}.html`);
    await expect.poll(status).toBe(`online ${alice.jid}`);
  }
  await page.locator('chatlet-widget [part="launcher"]').click();
  await expect(page.locator('chatlet-widget chatlet-contact-list')).toBeVisible();
  await expect(page.locator('chatlet-widget form.login')).toHaveCount(0);
  // The token did the rest: the backend was asked for the first page only.
  expect(asked).toBe(1);
  expect(await everythingStored(page)).not.toContain(alice.password);
});
