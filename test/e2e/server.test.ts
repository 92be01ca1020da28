// Smoke test of the test infrastructure itself: the project's Prosody, its demo accounts and
// rosters, the three hosts, and the vite dev server's WebSocket proxy (from Chromium); then
// FAST (XEP-0484 tokens over SASL2) on that Prosody, with real clients in Node.

import { randomUUID } from 'node:crypto';
import { type Client, client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { startProsody } from '../../demo/server/prosody.mjs';
import { HOW_TO_GET_FAST, prosodyModulesError } from '../../demo/server/prosody-modules.mjs';
import { expect, nextStanza, test } from './fixtures';
import {
  authenticate,
  FAST,
  htSha256NoneResponse,
  openStream,
  plainResponse,
  register,
  SASL,
  SASL2,
  sasl2Exchange,
} from './raw-stream';

const ROSTER = 'jabber:iq:roster';

test('a demo account logs in with SCRAM-SHA-1 over WebSocket', async ({ server }) => {
  const alice = client({
    service: server.service,
    domain: server.domain,
    username: 'alice',
    password: 'alice-demo',
  });
  const mechanisms: string[] = [];
  alice.on('send', (element) => {
    // <auth/> is classic SASL, <authenticate/> SASL2 (XEP-0388), which @xmpp/client prefers.
    if (element.name === 'auth' || element.name === 'authenticate') {
      mechanisms.push(element.attrs.mechanism ?? '');
    }
  });
  alice.on('error', () => {});
  try {
    const jid = await alice.start();
    expect(jid.bare().toString()).toBe('alice@localhost');
    expect(mechanisms).toEqual(['SCRAM-SHA-1']);
  } finally {
    await alice.stop();
  }
});

test('alice has bob in group "Team" and support in "Support", not carol', async ({
  xmppClient,
}) => {
  const alice = await xmppClient('alice');
  const query = await alice.iqCaller.get(xml('query', { xmlns: ROSTER }));
  const items = Object.fromEntries(
    query.getChildren('item').map((item) => [
      item.attrs.jid,
      {
        subscription: item.attrs.subscription,
        name: item.attrs.name,
        groups: item.getChildren('group').map((group) => group.text()),
      },
    ]),
  );
  expect(items['bob@localhost']).toEqual({ subscription: 'both', name: 'Bob', groups: ['Team'] });
  expect(items['support@localhost']).toEqual({
    subscription: 'both',
    name: 'Support',
    groups: ['Support'],
  });
  expect(items['carol@localhost']).toBeUndefined();
});

test('alice sends bob a message and bob receives it', async ({ xmppClient }) => {
  const bob = await xmppClient('bob');
  const alice = await xmppClient('alice');
  const body = `hello ${Date.now()}`;
  const received = nextStanza(bob, (s) => s.is('message') && s.getChildText('body') === body);
  await alice.send(xml('message', { to: 'bob@localhost', type: 'chat' }, xml('body', {}, body)));
  const message = await received;
  expect(message.attrs.from?.startsWith('alice@localhost/')).toBe(true);
});

test('contacts see each other online (presence with a mutual subscription)', async ({
  xmppClient,
}) => {
  const bob = await xmppClient('bob');
  const seen = nextStanza(
    bob,
    (s) => s.is('presence') && !!s.attrs.from?.startsWith('dave@localhost/'),
  );
  await xmppClient('dave'); // sends initial presence
  const presence = await seen;
  expect(presence.attrs.type).toBeUndefined();
});

test('anonymous login on anon.localhost gets a fresh JID', async ({ anonymousClient, server }) => {
  const one = await anonymousClient();
  const two = await anonymousClient();
  expect(one.jid?.domain).toBe(server.anonDomain);
  expect(one.jid?.local).toBeTruthy();
  expect(one.jid?.bare().toString()).not.toBe(two.jid?.bare().toString());
});

test('in-band registration (XEP-0077) works on guest.localhost only', async ({
  server,
  xmppClient,
}) => {
  const name = `guest${Date.now().toString(36)}`;
  const ok = await register(server.service, server.guestDomain, name, 'guest-pass');
  expect(ok).toMatch(/type=['"]result['"]/);
  const guest = await xmppClient(`${name}@${server.guestDomain}`, 'guest-pass');
  expect(guest.jid?.bare().toString()).toBe(`${name}@${server.guestDomain}`);

  const refused = await register(server.service, server.domain, `${name}x`, 'guest-pass');
  expect(refused).toMatch(/type=['"]error['"]/);
});

test('fresh users are isolated mutual contacts', async ({ freshUsers, xmppClient }) => {
  const [a, b] = await freshUsers(2, { group: 'Pair' });
  const clientA = await xmppClient(a.jid, a.password);
  const query = await clientA.iqCaller.get(xml('query', { xmlns: ROSTER }));
  const items = query.getChildren('item');
  expect(items.map((item) => item.attrs.jid)).toEqual([b.jid]);
  expect(items[0].attrs.subscription).toBe('both');
  expect(items[0].getChildText('group')).toBe('Pair');
});

test('the admin shell answers (prosodyctl shell)', async ({ server, xmppClient }) => {
  await xmppClient('carol');
  const out = await server.prosody.shell('c2s:show()');
  expect(out).toContain('carol@localhost');
});

test('a page on the vite server reaches Prosody through the /xmpp-websocket proxy', async ({
  page,
  server,
}) => {
  const response = await page.goto('/xmpp-websocket');
  expect(response?.ok()).toBe(true);
  await expect(page.locator('body')).toContainText('It works');
  const reply = await page.evaluate(async (domain) => {
    const ws = new WebSocket(`ws://${location.host}/xmpp-websocket`, ['xmpp']);
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stream features')), 5000);
      ws.onopen = () =>
        ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`);
      ws.onmessage = (event) => {
        if (String(event.data).includes('features')) {
          clearTimeout(timer);
          ws.close();
          resolve(String(event.data));
        }
      };
      ws.onerror = () => reject(new Error('websocket error'));
    });
  }, server.domain);
  expect(reply).toContain('SCRAM-SHA-1');
  expect(reply).toContain('PLAIN');
});

// ---- FAST (XEP-0484) over SASL2 (XEP-0388) ----------------------------------------------------
// Prosody 0.12 + Debian's prosody-modules (mod_sasl2, mod_sasl2_fast) + mod_chatlet_compat; see
// demo/server/prosody.mjs. Node peers use @xmpp/client 0.14, which speaks SASL2 and FAST.

interface FastToken {
  mechanism: string;
  token: string;
  expiry: string;
}

/** The parts of @xmpp/client 0.14 these tests use beyond types/xmpp.d.ts. */
interface FastClient {
  fast: { fetch(): Promise<FastToken | null | undefined> };
  socket: { socket: WebSocket } | null;
}
const internals = (entity: Client) => entity as unknown as FastClient;

/** What a credentials callback is handed over SASL2: the user agent goes with the credentials. */
type Sasl2Authenticate = (
  credentials: Record<string, unknown>,
  mechanism: string,
  userAgent?: Element,
) => Promise<void>;

const userAgent = (id: string) => xml('user-agent', { id }, xml('software', {}, 'chatlet-tests'));
const requestToken = () => xml('request-token', { xmlns: FAST, mechanism: 'HT-SHA-256-NONE' });
const tokenOf = (reply: Element) => reply.getChild('token', FAST)?.attrs;
const condition = (reply: Element) =>
  reply.is('failure', SASL2) ? reply.getChildElements()[0]?.name : `not a failure: ${reply}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a client without waiting for a `</close>` that may never come (as fixtures.ts does). */
async function stopClient(entity: Client) {
  entity.reconnect.stop();
  if (entity.status === 'offline' || entity.status === 'disconnect') return;
  const disconnected = new Promise<void>((resolve) =>
    entity.on('status', (status) => {
      if (status === 'disconnect' || status === 'offline') resolve();
    }),
  );
  await Promise.race([entity.stop().catch(() => {}), disconnected, sleep(3000)]);
}

/**
 * An @xmpp/client that logs in with a FAST token alone. Its fallback mechanism (used when the
 * token is refused) is HT-SHA-256-NONE too, which the password mechanisms do not include: a
 * refused token ends in an error, never in a password login with no password.
 */
function tokenClient(
  service: string,
  {
    domain,
    username,
    token,
    agent,
  }: { domain: string; username: string; token: FastToken; agent: string },
) {
  const ua = userAgent(agent);
  const entity = client({
    service,
    domain,
    username, // the <open/> must carry `from`, or the server offers no FAST
    userAgent: ua,
    credentials: (authenticate: Sasl2Authenticate) =>
      authenticate({ username, token }, 'HT-SHA-256-NONE', ua),
  });
  entity.on('error', () => {});
  return entity;
}

/** Records the SASL mechanism of every <auth/> or <authenticate/> the client sends. */
function mechanismsSentBy(entity: Client) {
  const mechanisms: string[] = [];
  entity.on('send', (element) => {
    if (element.name === 'auth' || element.name === 'authenticate') {
      mechanisms.push(element.attrs.mechanism ?? '');
    }
  });
  return mechanisms;
}

test.describe('FAST (XEP-0484)', () => {
  test.beforeEach(({ server }) => {
    expect(
      server.prosody.fast,
      `FAST is off on this Prosody (${prosodyModulesError()}): run ${HOW_TO_GET_FAST}`,
    ).toBe(true);
  });

  test('HT-SHA-256-NONE is offered inside SASL2 <authentication>, only to a stream that says who it is', async ({
    server,
  }) => {
    const stream = await openStream(server.service, server.domain, 'alice@localhost');
    stream.close();
    const sasl2 = stream.features.getChild('authentication', SASL2);
    expect(sasl2?.getChildren('mechanism').map((m) => m.text())).toEqual(
      expect.arrayContaining(['SCRAM-SHA-1', 'PLAIN']),
    );
    const fast = sasl2?.getChild('inline')?.getChild('fast', FAST);
    expect(fast?.getChildren('mechanism').map((m) => m.text())).toEqual(['HT-SHA-256-NONE']);
    // Classic SASL is still offered (the widget's own client uses it).
    expect(stream.features.getChild('mechanisms', SASL)).toBeTruthy();

    // No `from` on the <open/>: SASL2 without FAST, and a FAST authentication is refused.
    const { features, reply } = await sasl2Exchange(server.service, {
      domain: server.domain,
      message: authenticate({
        mechanism: 'HT-SHA-256-NONE',
        response: htSha256NoneResponse('alice', 'secret-token:fast-x'),
        userAgent: randomUUID(),
        children: [xml('fast', { xmlns: FAST })],
      }),
    });
    expect(features.getChild('authentication', SASL2)?.getChild('inline')?.children).toEqual([]);
    expect(condition(reply)).toBe('malformed-request');
    expect(reply.getChildText('text')).toBe('FAST is not available on this stream');
  });

  test('a password login gets a token; a second connection binds with the token alone', async ({
    server,
    freshUsers,
  }) => {
    const [user] = await freshUsers(1);
    const username = user!.user;
    const agent = randomUUID();
    const first = client({
      service: server.service,
      domain: server.domain,
      username,
      password: user!.password,
      userAgent: userAgent(agent),
    });
    first.on('error', () => {});
    const sent: Element[] = [];
    first.on('send', (element) => element.name === 'authenticate' && sent.push(element));
    try {
      await first.start();
    } finally {
      await stopClient(first);
    }
    // @xmpp/client asks for a token by itself when it has none.
    expect(sent[0]?.attrs.mechanism).toBe('SCRAM-SHA-1');
    expect(sent[0]?.getChild('request-token', FAST)?.attrs.mechanism).toBe('HT-SHA-256-NONE');
    expect(sent[0]?.getChild('user-agent')?.attrs.id).toBe(agent);
    const token = await internals(first).fast.fetch();
    expect(token?.mechanism).toBe('HT-SHA-256-NONE');
    expect(token?.token).toMatch(/^secret-token:fast-/);
    // XEP-0082 date-time, whole seconds, UTC; 21 days by default.
    expect(token?.expiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const days = (Date.parse(token!.expiry) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(20.9);
    expect(days).toBeLessThanOrEqual(21);

    const second = tokenClient(server.service, {
      domain: server.domain,
      username,
      token: token!,
      agent,
    });
    const mechanisms = mechanismsSentBy(second);
    try {
      const jid = await second.start();
      expect(jid.bare().toString()).toBe(user!.jid);
      expect(jid.resource).toBeTruthy();
      expect(mechanisms).toEqual(['HT-SHA-256-NONE']);
    } finally {
      await stopClient(second);
    }

    // Tokens are kept per user agent: another device id cannot use it.
    const { reply } = await sasl2Exchange(server.service, {
      domain: server.domain,
      from: user!.jid,
      message: authenticate({
        mechanism: 'HT-SHA-256-NONE',
        response: htSha256NoneResponse(username, token!.token),
        userAgent: randomUUID(),
        children: [xml('fast', { xmlns: FAST })],
      }),
    });
    expect(condition(reply)).toBe('not-authorized');
  });

  test('a token sent with <fast invalidate="true"/> logs in once, then is refused', async ({
    server,
    freshUsers,
  }) => {
    const [user] = await freshUsers(1);
    const agent = randomUUID();
    const exchange = (message: string) =>
      sasl2Exchange(server.service, { domain: server.domain, from: user!.jid, message });
    const issued = await exchange(
      authenticate({
        mechanism: 'PLAIN',
        response: plainResponse(user!.user, user!.password),
        userAgent: agent,
        children: [requestToken()],
      }),
    );
    const token = tokenOf(issued.reply)?.token ?? '';
    expect(token).toMatch(/^secret-token:fast-/);
    const withToken = (fast: Element) =>
      authenticate({
        mechanism: 'HT-SHA-256-NONE',
        response: htSha256NoneResponse(user!.user, token),
        userAgent: agent,
        children: [fast],
      });

    // Logout: the token authenticates this last time (<success/>) and is deleted.
    const last = await exchange(withToken(xml('fast', { xmlns: FAST, invalidate: 'true' })));
    expect(last.reply.is('success', SASL2)).toBe(true);
    expect(tokenOf(last.reply)).toBeUndefined();
    const after = await exchange(withToken(xml('fast', { xmlns: FAST })));
    expect(condition(after.reply)).toBe('not-authorized');
  });

  test('tokens are rotated after sasl2_fast_token_min_ttl and refused after sasl2_fast_token_ttl', async () => {
    // A server of its own: tokens live 3 s and are replaced when used after 1 s.
    const prosody = await startProsody({
      quiet: true,
      accounts: { alice: 'alice-pw' },
      fastTokenTtl: 3,
      fastTokenRotateAfter: 1,
    });
    try {
      expect(prosody.fast).toBe(true);
      const agent = randomUUID();
      const exchange = async (message: string) =>
        (
          await sasl2Exchange(prosody.service, {
            domain: 'localhost',
            from: 'alice@localhost',
            message,
          })
        ).reply;
      const withToken = (token: string, ...children: Element[]) =>
        exchange(
          authenticate({
            mechanism: 'HT-SHA-256-NONE',
            response: htSha256NoneResponse('alice', token),
            userAgent: agent,
            children: [xml('fast', { xmlns: FAST }), ...children],
          }),
        );

      const issuedAt = Date.now();
      const first = await exchange(
        authenticate({
          mechanism: 'PLAIN',
          response: plainResponse('alice', 'alice-pw'),
          userAgent: agent,
          children: [requestToken()],
        }),
      );
      const t1 = tokenOf(first)!;
      // expiry = issue time + ttl, rounded down to the second.
      const ahead = Date.parse(t1.expiry!) - issuedAt;
      expect(ahead).toBeGreaterThan(1500);
      expect(ahead).toBeLessThanOrEqual(3000);

      // Young token: accepted, no new one.
      const young = await withToken(t1.token!);
      expect(young.is('success', SASL2)).toBe(true);
      expect(tokenOf(young)).toBeUndefined();

      // Older than min_ttl: accepted, and a new token comes with <success/>.
      await sleep(1200);
      const rotated = await withToken(t1.token!);
      expect(rotated.is('success', SASL2)).toBe(true);
      const t2 = tokenOf(rotated)!;
      expect(t2.token).toMatch(/^secret-token:fast-/);
      expect(t2.token).not.toBe(t1.token);
      // The new token works; once it has been used, the old one is gone.
      expect(tokenOf(await withToken(t2.token!))).toBeUndefined();
      expect(condition(await withToken(t1.token!))).toBe('not-authorized');

      // <request-token/> with a token login: a new token at once, whatever the age.
      const asked = await withToken(t2.token!, requestToken());
      const t3 = tokenOf(asked)!;
      expect(t3.token).toMatch(/^secret-token:fast-/);
      expect(t3.token).not.toBe(t2.token);

      // Expired: <credentials-expired/> once (and the server deletes it), then not-authorized.
      await sleep(Math.max(0, Date.parse(t3.expiry!) + 1100 - Date.now()));
      expect(condition(await withToken(t3.token!))).toBe('credentials-expired');
      expect(condition(await withToken(t3.token!))).toBe('not-authorized');
    } finally {
      await prosody.stop();
    }
  });

  test('after a token login on a new WebSocket the XEP-0198 session resumes: no unavailable presence, nothing lost', async ({
    server,
    freshUsers,
    xmppClient,
  }, testInfo) => {
    const [a, b] = await freshUsers(2, { group: 'Pair' });
    const bob = await xmppClient(b!.jid, b!.password);
    const agent = randomUUID();
    const first = client({
      service: server.service,
      domain: server.domain,
      username: a!.user,
      password: a!.password,
      userAgent: userAgent(agent),
    });
    first.on('error', () => {});
    const clients = [first];
    try {
      await first.start();
      await first.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: ROSTER })));
      const online = nextStanza(
        bob,
        (s) => s.is('presence') && !!s.attrs.from?.startsWith(`${a!.jid}/`),
      );
      await first.send(xml('presence'));
      await online;
      // Every presence of a's that bob sees from now on (there should be none).
      const seen: Element[] = [];
      bob.on('stanza', (s) => {
        if (s.is('presence') && s.attrs.from?.startsWith(a!.jid)) seen.push(s);
      });

      // Classic <enable/> after SASL2 (no sasl2_sm): wait until enabled and everything is acked.
      const sm = first.streamManagement;
      const queue = () => (sm as unknown as { outbound_q: unknown[] }).outbound_q;
      await expect.poll(() => sm.enabled && sm.id !== '' && queue().length === 0).toBe(true);
      const saved = { id: sm.id, inbound: sm.inbound, outbound: sm.outbound };
      const token = (await internals(first).fast.fetch())!;
      expect(token.token).toMatch(/^secret-token:fast-/);

      // Like leaving a page: the socket goes away, the stream is never closed.
      first.reconnect.stop();
      const gone = new Promise<void>((resolve) => first.on('disconnect', () => resolve()));
      internals(first).socket!.socket.close(1001);
      await gone;
      await bob.send(
        xml('message', { to: a!.jid, type: 'chat', id: 'gap' }, xml('body', {}, 'while away')),
      );

      // The next page: token only, and the saved stream management state.
      const started = performance.now();
      const second = tokenClient(server.service, {
        domain: server.domain,
        username: a!.user,
        token,
        agent,
      });
      clients.push(second);
      Object.assign(second.streamManagement, saved);
      const mechanisms = mechanismsSentBy(second);
      const enables: string[] = [];
      second.on(
        'send',
        (e) => (e.name === 'enable' || e.name === 'resume') && enables.push(e.name),
      );
      const resumed = new Promise<number>((resolve) =>
        second.streamManagement.on('resumed', () => resolve(performance.now() - started)),
      );
      const delivered = nextStanza(second, (s) => s.is('message') && s.attrs.id === 'gap');
      // After a resume start() never resolves (no `online`): wait for `resumed` instead.
      second.start().catch(() => {});
      const ms = await resumed;
      await delivered;
      expect(mechanisms).toEqual(['HT-SHA-256-NONE']);
      expect(enables).toEqual(['resume']);
      testInfo.annotations.push({
        type: 'timing',
        description: `token login + resume: ${ms.toFixed(1)} ms`,
      });
      console.log(`token login + resume: ${ms.toFixed(1)} ms`);

      // The resumed session is the old one: bob's reply reaches it, and bob saw no flap.
      const back = nextStanza(bob, (s) => s.is('message') && s.getChildText('body') === 'back');
      await second.send(xml('message', { to: b!.jid, type: 'chat' }, xml('body', {}, 'back')));
      expect((await back).attrs.from).toBe(first.jid?.toString());
      expect(seen.map((s) => s.toString())).toEqual([]);
    } finally {
      for (const entity of clients) await stopClient(entity);
    }
  });

  test('a guest registers in-band, gets a token with its one password login, then uses the token', async ({
    server,
  }) => {
    const name = `g${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const password = randomUUID();
    expect(await register(server.service, server.guestDomain, name, password)).toMatch(
      /type=['"]result['"]/,
    );
    const agent = randomUUID();
    const first = client({
      service: server.service,
      domain: server.guestDomain,
      username: name,
      password,
      userAgent: userAgent(agent),
    });
    first.on('error', () => {});
    try {
      await first.start();
    } finally {
      await stopClient(first);
    }
    const token = (await internals(first).fast.fetch())!;
    expect(token.token).toMatch(/^secret-token:fast-/);
    // The password is dropped here: from now on the token is the guest's only credential.
    const second = tokenClient(server.service, {
      domain: server.guestDomain,
      username: name,
      token,
      agent,
    });
    try {
      const jid = await second.start();
      expect(jid.bare().toString()).toBe(`${name}@${server.guestDomain}`);
    } finally {
      await stopClient(second);
    }
  });
});

test('startProsody({ fast: false }) offers neither SASL2 nor FAST; classic SASL works', async () => {
  const prosody = await startProsody({ quiet: true, fast: false, accounts: { alice: 'alice-pw' } });
  try {
    expect(prosody.fast).toBe(false);
    const stream = await openStream(prosody.service, 'localhost', 'alice@localhost');
    stream.close();
    expect(stream.features.getChild('authentication', SASL2)).toBeUndefined();
    expect(stream.featuresText).not.toContain(FAST);
    expect(stream.features.getChild('mechanisms', SASL)).toBeTruthy();
    const alice = client({
      service: prosody.service,
      domain: 'localhost',
      username: 'alice',
      password: 'alice-pw',
    });
    alice.on('error', () => {});
    const mechanisms = mechanismsSentBy(alice);
    try {
      expect((await alice.start()).bare().toString()).toBe('alice@localhost');
      expect(mechanisms).toEqual(['SCRAM-SHA-1']);
    } finally {
      await stopClient(alice);
    }
  } finally {
    await prosody.stop();
  }
});
