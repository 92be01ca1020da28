// The network-fault proxy (net-proxy.ts) itself, with real parts: a Node XMPP client (alice)
// connects to Prosody THROUGH the proxy, bob connects directly. Fresh accounts, so a session
// left hibernating by a cut never receives another test's messages.

import type { Client } from '@xmpp/client';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { expect, nextStanza, test, type User } from './fixtures';
import { openPageThrough } from './proxy-helpers';
import { openWidget } from './widget-helpers';

const chat = (to: string, body: string) =>
  xml('message', { to, type: 'chat' }, xml('body', {}, body));
/** A chat message as Prosody would frame it, from a JID that never connected. */
const fromX = (body: string) =>
  `<message xmlns="jabber:client" from="x@localhost/r" type="chat"><body>${body}</body></message>`;
/** Prosody's XEP-0198 ack requests. */
const isAckRequest = (text: string) => /^<r\b[^>]*urn:xmpp:sm:3/.test(text);
const hasBody = (body: string) => (s: Element) =>
  s.is('message') && s.getChildText('body') === body;

/** Resolves on the next 'disconnect' of `entity` (rejects after `timeout` ms). */
function nextDisconnect(entity: Client, timeout = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDisconnect = () => {
      clearTimeout(timer);
      entity.off('disconnect', onDisconnect);
      resolve();
    };
    const timer = setTimeout(() => {
      entity.off('disconnect', onDisconnect);
      reject(new Error(`no 'disconnect' within ${timeout} ms`));
    }, timeout);
    entity.on('disconnect', onDisconnect);
  });
}

/** A promise with its resolve function outside. */
function signal() {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
}

test.describe('net-proxy', () => {
  let a: User;
  let b: User;
  let alice: Client; // through the proxy
  let bob: Client; // direct

  test.beforeEach(async ({ freshUsers, xmppClient, netProxy }) => {
    [a, b] = await freshUsers(2, { group: 'Net' });
    alice = await xmppClient(a.jid, a.password, { service: netProxy.service });
    bob = await xmppClient(b.jid, b.password);
  });

  test('forwards both ways', async ({ netProxy }) => {
    expect(netProxy.connections).toBe(1);
    const toAlice = nextStanza(alice, hasBody('to alice'));
    await bob.send(chat(a.jid, 'to alice'));
    expect((await toAlice).attrs.from).toMatch(new RegExp(`^${b.jid}/`));
    const toBob = nextStanza(bob, hasBody('to bob'));
    await alice.send(chat(b.jid, 'to bob'));
    expect((await toBob).attrs.from).toMatch(new RegExp(`^${a.jid}/`));
  });

  test('cut() closes the socket; the reconnection goes through the proxy', async ({ netProxy }) => {
    const disconnected = nextDisconnect(alice);
    netProxy.cut();
    expect(netProxy.connections).toBe(0);
    await disconnected;
    // xmpp.js reconnects after 1 s (and resumes its XEP-0198 session): a new proxied connection.
    await expect.poll(() => alice.status, { timeout: 10_000 }).toBe('online');
    expect(netProxy.connections).toBe(1);
    const after = nextStanza(alice, hasBody('after the cut'));
    await bob.send(chat(a.jid, 'after the cut'));
    await after;
  });

  test('blackhole() holds bytes both ways and new connections; restore() delivers them', async ({
    freshUsers,
    xmppClient,
    netProxy,
  }) => {
    // A tap: the predicate sees every server→client text frame as it reaches the proxy.
    const atProxy = signal();
    netProxy.dropServerFrames((text) => {
      if (text.includes('while dead')) atProxy.fire();
      return false;
    });
    let restored = false;
    const arrived = (entity: Client, body: string) =>
      nextStanza(entity, hasBody(body), 20_000).then(() => ({ early: !restored }));

    netProxy.blackhole();
    const toAlice = arrived(alice, 'while dead');
    const toBob = arrived(bob, 'from the dead side');
    await bob.send(chat(a.jid, 'while dead'));
    await alice.send(chat(b.jid, 'from the dead side')); // written to the socket, held by the proxy
    // A new connection is accepted but gets nothing through (long stream-open timeout).
    const [c] = await freshUsers(1);
    let carolOnline = false;
    const carol = xmppClient(c.jid, c.password, { service: netProxy.service, timeout: 20_000 });
    void carol.then(() => (carolOnline = true)).catch(() => {});

    await atProxy.fired; // Prosody has sent it and the proxy holds it
    await expect.poll(() => netProxy.connections).toBe(2);
    // Nothing arrives while the network is dead: give it ample time to (wrongly) get through.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(carolOnline).toBe(false);
    expect(alice.status).toBe('online'); // nothing was closed

    restored = true;
    netProxy.restore();
    expect(await toAlice).toEqual({ early: false });
    expect(await toBob).toEqual({ early: false });
    await carol; // logged in once the network is back
  });

  test('inject() delivers a stanza Prosody never sent; the stream goes on', async ({
    netProxy,
  }) => {
    // Injected stanzas desync XEP-0198 counts (alice would ack one more stanza than Prosody
    // sent, and Prosody ends the stream): hide Prosody's ack requests from alice.
    netProxy.dropServerFrames(isAckRequest);
    const injected = nextStanza(alice, hasBody('injected'));
    await netProxy.inject(
      `<message xmlns="jabber:client" from="x@localhost/r" to="${alice.jid}" type="chat">` +
        '<body>injected</body></message>',
    );
    expect((await injected).attrs.from).toBe('x@localhost/r');
    const later = nextStanza(alice, hasBody('later'));
    await bob.send(chat(a.jid, 'later'));
    await later;
    // Still the same, healthy stream: a round trip through it works.
    await alice.iqCaller.request(
      xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    expect(netProxy.connections).toBe(1);
  });

  test('inject() during a burst of large frames lands between two frames', async ({ netProxy }) => {
    // Sizes cover all three WebSocket length encodings (7-bit, 16-bit, 64-bit); the large ones
    // span several TCP reads, so the proxy often holds half a frame when the injection comes.
    const sizes = Array.from({ length: 50 }, (_, i) => [20, 3000, 70_000][i % 3] + i);
    const bodies = sizes.map((size, i) =>
      `burst ${i} `.padEnd(size, String.fromCharCode(97 + (i % 26))),
    );
    const seen: string[] = [];
    alice.on('stanza', (s: Element) => {
      const body = s.is('message') ? s.getChildText('body') : null;
      if (body !== null) seen.push(body);
    });
    // Inject from the tap as the 25th burst frame reaches the proxy: it must go right before it.
    let injection: Promise<void> | undefined;
    netProxy.dropServerFrames((text) => {
      if (isAckRequest(text)) return true; // see the previous test
      if (!injection && text.includes('burst 24 ')) {
        injection = netProxy.inject(fromX('injected'));
      }
      return false;
    });
    // Meanwhile, inject on every turn of the event loop: some of these come while the proxy
    // holds part of a large frame, and must wait for its end.
    let ticks = 0;
    let bursting = true;
    const ticker = (async () => {
      while (bursting) {
        await netProxy.inject(fromX(`tick ${ticks++}`));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const last = nextStanza(alice, hasBody(bodies[49]), 20_000);
    for (const body of bodies) void bob.send(chat(a.jid, body));
    await last;
    bursting = false;
    await ticker;
    await injection;
    // A real message after the last tick: when it is there, everything before it is too.
    const later = nextStanza(alice, hasBody('later'));
    await bob.send(chat(a.jid, 'later'));
    await later;

    expect(seen.filter((body) => body.startsWith('burst '))).toEqual(bodies); // intact, in order
    expect(seen[seen.indexOf(bodies[24]) - 1]).toBe('injected');
    expect(seen.filter((body) => body === 'injected')).toHaveLength(1);
    const tickBodies = Array.from({ length: ticks }, (_, i) => `tick ${i}`);
    expect(seen.filter((body) => body.startsWith('tick '))).toEqual(tickBodies);
    expect(seen.at(-1)).toBe('later');
  });

  test('dropServerFrames() loses matching frames until cleared', async ({ netProxy }) => {
    netProxy.dropServerFrames((text) => text.includes('<body>lost</body>'));
    const seen: string[] = [];
    alice.on('stanza', (s: Element) => seen.push(s.getChildText('body') ?? ''));
    const kept = nextStanza(alice, hasBody('kept'));
    await bob.send(chat(a.jid, 'lost'));
    await bob.send(chat(a.jid, 'kept'));
    await kept;
    netProxy.dropServerFrames(null);
    const again = nextStanza(alice, hasBody('lost'));
    await bob.send(chat(a.jid, 'lost'));
    await again;
    expect(seen.filter((body) => body === 'lost' || body === 'kept')).toEqual(['kept', 'lost']);
  });
});

test.describe('net-proxy with Chromium', () => {
  test('openPageThrough(): the widget logs in through the proxy', async ({
    page,
    freshUsers,
    netProxy,
  }) => {
    const [u] = await freshUsers(1);
    await openPageThrough(page, netProxy);
    await openWidget(page);
    const form = page.locator('chatlet-widget form.login');
    await form.getByLabel('Address').fill(u.jid);
    await form.getByLabel('Password').fill(u.password);
    await form.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('chatlet-widget chatlet-contact-list')).toBeVisible();
    expect(netProxy.connections).toBe(1);
  });

  test('blackhole(): an open WebSocket stays open, a new one stays connecting', async ({
    page,
    netProxy,
  }) => {
    await page.goto('/'); // served by vite on 127.0.0.1: may open WebSockets to 127.0.0.1
    await page.evaluate(async (service) => {
      const w = window as unknown as Record<string, unknown>;
      const log: string[] = [];
      const open = (name: string) => {
        const ws = new WebSocket(service, 'xmpp');
        ws.onmessage = (e) => log.push(`${name} got <${/^<([\w:]+)/.exec(String(e.data))?.[1]}>`);
        ws.onclose = () => log.push(`${name} closed`);
        w[name] = ws;
        return ws;
      };
      w.log = log;
      w.open = open;
      const a = open('a');
      await new Promise((resolve) => (a.onopen = resolve));
    }, netProxy.service);

    netProxy.blackhole();
    await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      (w.a as WebSocket).send(
        '<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>',
      );
      (w.open as (name: string) => WebSocket)('b');
    });
    await expect.poll(() => netProxy.connections).toBe(2);
    await page.waitForTimeout(500); // ample time for anything to (wrongly) get through
    const state = () =>
      page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          a: (w.a as WebSocket).readyState,
          b: (w.b as WebSocket).readyState,
          log: w.log as string[],
        };
      });
    expect(await state()).toEqual({ a: 1, b: 0, log: [] }); // OPEN, CONNECTING

    netProxy.restore();
    await expect.poll(async () => (await state()).b).toBe(1); // OPEN
    // The held request is answered: Prosody's <open/> and features, nothing else.
    await expect
      .poll(async () => (await state()).log)
      .toEqual(['a got <open>', 'a got <stream:features>']);
  });
});
