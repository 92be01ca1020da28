// "Lose nothing": every message typed arrives once, every message sent to the user is shown
// once, across cut and dead links, server restarts and reloads — with real Prosody, a real
// second client, and a TCP proxy (net-proxy.ts) between the page and Prosody that the tests
// cut, blackhole and restore, and through which they inject frames Prosody never sent.
import type { Client } from '@xmpp/client';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Page } from '@playwright/test';
import type { NetProxy } from '../../demo/server/net-proxy.mjs';
import { collectStanzas, expect, type Fixtures, test, type User } from './fixtures';
import { openPageThrough } from './proxy-helpers';
import { logIn, messages, openChat, openWidget, send, submitLogin } from './widget-helpers';

const bodies = (stanzas: Element[]) =>
  stanzas.flatMap((s) =>
    s.is('message') && s.getChildText('body') ? [s.getChildText('body')!] : [],
  );

const countOf = (list: string[], body: string) => list.filter((b) => b === body).length;

/**
 * Two new mutual contacts: bob online in Node (what he receives is recorded), alice logged in
 * on the page through `proxy`, with their conversation open.
 */
async function aliceWithBob(
  page: Page,
  { freshUsers, xmppClient }: Pick<Fixtures, 'freshUsers' | 'xmppClient'>,
  proxy: NetProxy,
) {
  const [alice, bob] = (await freshUsers(2, { group: 'Team' })) as [User, User];
  const bobClient = await xmppClient(bob.jid, bob.password);
  const bobSeen = collectStanzas(bobClient);
  await logInThrough(page, alice, proxy);
  await openChat(page, bob.jid);
  return { alice, bob, bobClient, bobSeen };
}

/** Logs in through the widget's form on the demo page, its WebSocket going through `proxy`. */
async function logInThrough(page: Page, user: User, proxy: NetProxy) {
  await openPageThrough(page, proxy);
  await submitLogin(page, user.jid, user.password);
}

const status = (page: Page) => page.locator('chatlet-widget [part="status"]');

/** `inner` forwarded (XEP-0297) inside `wrapper`: how carbons and archive results come. */
function forwarding(to: string, wrapper: Element, inner: Element, ...before: Element[]) {
  wrapper.append(xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, ...before, inner));
  return xml('message', { to, type: 'chat' }, wrapper);
}

function chat(to: string, body: string) {
  return xml('message', { to, type: 'chat', id: crypto.randomUUID() }, xml('body', {}, body));
}

/**
 * The texts of the open conversation, in order, as the page's session holds them (the pane
 * is virtualized: only what is on screen is in the DOM). The module is the one the page's
 * script loaded, so this is the page's own default session.
 */
async function shown(page: Page): Promise<string[]> {
  const peer = await page.locator('chatlet-widget chatlet-chat-pane').getAttribute('jid');
  return page.evaluate(async (jid) => {
    type Module = {
      defaultSession: {
        value: { conversation(jid: string): { messages: { value: { body: string }[] } } } | null;
      };
    };
    const url = '/src/default-session.ts';
    const { defaultSession } = (await import(/* @vite-ignore */ url)) as Module;
    return defaultSession.value?.conversation(jid!).messages.value.map((m) => m.body) ?? [];
  }, peer);
}

async function everyOnce(page: Page, expected: string[]) {
  await expect
    .poll(
      async () => {
        const texts = await shown(page);
        return expected
          .filter((b) => countOf(texts, b) !== 1)
          .map((b) => `${b} ×${countOf(texts, b)}`);
      },
      { timeout: 20_000 },
    )
    .toEqual([]);
}

test.describe.configure({ timeout: 90_000 });

test('20 messages each way in flight while the link is cut arrive exactly once on both sides', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const { alice, bobClient, bobSeen } = await aliceWithBob(
    page,
    { freshUsers, xmppClient },
    netProxy,
  );

  const fromAlice = Array.from({ length: 20 }, (_, i) => `alice ${i + 1}`);
  const fromBob = Array.from({ length: 20 }, (_, i) => `bob ${i + 1}`);
  for (let i = 0; i < 20; i++) {
    if (i === 7) netProxy.blackhole(); // bytes in flight are held…
    if (i === 14) netProxy.cut(); // …and then the connection dies with them
    await bobClient.send(chat(alice!.jid, fromBob[i]!));
    await send(page, fromAlice[i]!);
  }
  netProxy.restore(); // the network is back: the page reconnects and resumes

  await everyOnce(page, [...fromAlice, ...fromBob]);
  await expect
    .poll(() => fromAlice.filter((b) => countOf(bodies(bobSeen), b) !== 1), { timeout: 20_000 })
    .toEqual([]);
  // Alice's own messages are in the order she typed them.
  const texts = await shown(page);
  expect(texts.filter((t) => t.startsWith('alice'))).toEqual(fromAlice);
  expect(texts.filter((t) => t.startsWith('bob'))).toEqual(fromBob);
  // And the server has them all: each shows as sent (or further).
  await expect(messages(page).and(page.locator('[data-state="pending"]'))).toHaveCount(0);
  // Nothing doubled later either.
  await page.waitForTimeout(1_000);
  expect(fromAlice.filter((b) => countOf(bodies(bobSeen), b) !== 1)).toEqual([]);
});

test('messages typed while the link is down are delivered in order when it comes back', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const { bobSeen } = await aliceWithBob(page, { freshUsers, xmppClient }, netProxy);

  // The network goes: new connections get nowhere, and the open one is gone.
  netProxy.blackhole();
  netProxy.cut();
  await expect(status(page)).toContainText('reconnecting');
  const typed = ['one', 'two', 'three', 'four', 'five'];
  for (const text of typed) await send(page, text);
  await expect(messages(page).and(page.locator('[data-state="pending"]'))).toHaveCount(5);
  expect(bodies(bobSeen)).toEqual([]);

  netProxy.restore();
  await expect.poll(() => bodies(bobSeen), { timeout: 30_000 }).toEqual(typed);
  await expect(messages(page).and(page.locator('[data-state="pending"]'))).toHaveCount(0);
});

test('a link lost while the session’s first steps run: the resume runs them again, and what is typed is sent', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const [alice, bob] = (await freshUsers(2, { group: 'Team' })) as [User, User];
  const bobSeen = collectStanzas(await xmppClient(bob.jid, bob.password));
  // The link goes just as the page asks for its roster: the socket closes under the write.
  await page.addInitScript(() => {
    const send = WebSocket.prototype.send;
    let gone = false;
    WebSocket.prototype.send = function (data) {
      if (!gone && typeof data === 'string' && data.includes('jabber:iq:roster')) {
        gone = true;
        this.close();
        throw new DOMException('The link went.', 'InvalidStateError');
      }
      return send.call(this, data);
    };
  });
  await logInThrough(page, alice, netProxy);
  // The roster arrives after all (the steps ran again on the resumed session) …
  await openChat(page, bob.jid);
  // … and the outbox is open.
  await send(page, 'after the hiccup');
  await expect.poll(() => bodies(bobSeen), { timeout: 30_000 }).toEqual(['after the hiccup']);
});

test('a link that goes silent without a reset is noticed, and the session resumes', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const { alice, bobClient, bobSeen } = await aliceWithBob(
    page,
    { freshUsers, xmppClient },
    netProxy,
  );
  await expect(
    page.locator(`chatlet-widget [part="header"] chatlet-presence-badge`),
  ).toHaveAttribute('show', 'online');

  const before = bobSeen.length;
  netProxy.blackhole();
  await bobClient.send(chat(alice!.jid, 'sent into the void'));
  // No FIN, no RST: only the client's own watchdog can notice.
  await expect(status(page)).toContainText('reconnecting', { timeout: 25_000 });
  await send(page, 'typed while it was dead');
  netProxy.restore();

  await everyOnce(page, ['sent into the void', 'typed while it was dead']);
  await expect
    .poll(() => countOf(bodies(bobSeen), 'typed while it was dead'), {
      timeout: 20_000,
    })
    .toBe(1);
  // Resumed, not a new session: bob never saw alice go offline.
  const presences = bobSeen
    .slice(before)
    .filter(
      (s) =>
        s.is('presence') && s.attrs.from?.startsWith(alice!.jid) && s.attrs.type === 'unavailable',
    );
  expect(presences).toHaveLength(0);
});

test('after a server restart the session starts afresh: carbons again, the gap filled from the archive, the outbox sent once', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
  server,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  await logInThrough(page, alice!, netProxy);
  await openChat(page, bob!.jid);
  let bobClient: Client = await xmppClient(bob!.jid, bob!.password);
  await bobClient.send(chat(alice!.jid, 'before the restart'));
  await everyOnce(page, ['before the restart']);

  // The page's link is held while the server restarts, so it cannot come back at once.
  netProxy.blackhole();
  await server.prosody.restart();
  await send(page, 'typed during the restart');

  // Meanwhile alice's phone talks to bob, and bob writes to alice: all of it in the archive.
  bobClient = await xmppClient(bob!.jid, bob!.password);
  const bobSeen = collectStanzas(bobClient);
  const phone = await xmppClient(alice!.jid, alice!.password, { resource: 'phone' });
  await phone.send(chat(bob!.jid, 'from my phone, while the page was away'));
  await bobClient.send(chat(alice!.jid, 'bob, while the page was away'));

  netProxy.restore();
  netProxy.cut();
  await everyOnce(page, [
    'before the restart',
    'typed during the restart',
    'from my phone, while the page was away',
    'bob, while the page was away',
  ]);
  await expect
    .poll(() => countOf(bodies(bobSeen), 'typed during the restart'), { timeout: 20_000 })
    .toBe(1);

  // Carbons are on in the new session: what the phone sends now shows at once.
  await phone.send(chat(bob!.jid, 'from my phone, live'));
  await everyOnce(page, ['from my phone, live']);
  await page.waitForTimeout(500);
  expect(countOf(bodies(bobSeen), 'typed during the restart')).toBe(1);
});

for (const delay of [0, 200]) {
  test(`a reload ${delay} ms after pressing send: the message arrives once, or is offered for retry`, async ({
    page,
    freshUsers,
    xmppClient,
  }) => {
    const [alice, bob] = await freshUsers(2, { group: 'Team' });
    const bobClient = await xmppClient(bob!.jid, bob!.password);
    const bobSeen = collectStanzas(bobClient);
    await logIn(page, alice!.jid, alice!.password);
    await openChat(page, bob!.jid);

    const input = page.locator('chatlet-widget chatlet-chat-pane [part="input"]');
    await input.fill('reloaded right away');
    await input.press('Enter');
    await page.waitForTimeout(delay);
    await page.reload();
    await openWidget(page);
    await openChat(page, bob!.jid);

    const copies = messages(page).filter({ hasText: 'reloaded right away' });
    await expect(copies).toHaveCount(1);
    await expect(copies).toHaveAttribute('data-state', /sent|delivered|failed/, {
      timeout: 20_000,
    });
    if ((await copies.getAttribute('data-state')) === 'failed') {
      expect(countOf(bodies(bobSeen), 'reloaded right away')).toBe(0);
      await copies.getByRole('button', { name: 'Retry' }).click();
    }
    await expect.poll(() => countOf(bodies(bobSeen), 'reloaded right away')).toBe(1);
    await page.waitForTimeout(500);
    expect(countOf(bodies(bobSeen), 'reloaded right away')).toBe(1);
    await expect(copies).toHaveCount(1);
  });
}

test('spoofed carbons, spoofed archive results and a forged receipt are refused, and chat goes on', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const [alice, bob, mallory] = await freshUsers(3, { group: 'Team' });
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  const malloryClient = await xmppClient(mallory!.jid, mallory!.password);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await logInThrough(page, alice!, netProxy);
  await openChat(page, bob!.jid);
  await send(page, 'hello bob');
  const mine = messages(page).filter({ hasText: 'hello bob' });
  await expect(mine).toHaveAttribute('data-state', 'sent');
  const id = (await mine.getAttribute('data-id'))!;

  const fromBob = (body: string) =>
    xml('message', { from: `${bob!.jid}/x`, to: alice!.jid, type: 'chat' }, xml('body', {}, body));
  // A carbon "from bob" wrapped by mallory (CVE-2017-5858).
  await malloryClient.send(
    forwarding(
      alice!.jid,
      xml('received', { xmlns: 'urn:xmpp:carbons:2' }),
      fromBob('forged carbon'),
    ),
  );
  // "History" from mallory for a query alice never made.
  await malloryClient.send(
    forwarding(
      alice!.jid,
      xml('result', { xmlns: 'urn:xmpp:mam:2', queryid: 'q1', id: 'fake-1' }),
      fromBob('forged history'),
      xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2020-01-01T00:00:00Z' }),
    ),
  );
  // A receipt and a read marker for alice's message to bob, from mallory.
  await malloryClient.send(
    xml(
      'message',
      { to: alice!.jid, type: 'chat' },
      xml('received', { xmlns: 'urn:xmpp:receipts', id }),
    ),
  );
  await malloryClient.send(
    xml(
      'message',
      { to: alice!.jid, type: 'chat' },
      xml('displayed', { xmlns: 'urn:xmpp:chat-markers:0', id }),
    ),
  );
  await expect.poll(() => warnings.filter((w) => w.startsWith('[chatlet] dropped')).length).toBe(4);
  // A frame Prosody never sent, that breaks an XML parser: an undefined entity.
  await netProxy.inject(
    `<message xmlns="jabber:client" from="${bob!.jid}/x" to="${alice!.jid}" type="chat"><body>&undefined;</body></message>`,
  );

  // Chat goes on: bob's real message arrives, and his real receipt counts.
  await bobClient.send(chat(alice!.jid, 'the real bob'));
  await everyOnce(page, ['hello bob', 'the real bob']);
  await bobClient.send(
    xml(
      'message',
      { to: alice!.jid, type: 'chat' },
      xml('received', { xmlns: 'urn:xmpp:receipts', id }),
    ),
  );
  await expect(mine).toHaveAttribute('data-state', 'delivered');

  const texts = await shown(page);
  expect(texts).not.toContain('forged carbon');
  expect(texts).not.toContain('forged history');
  expect(warnings.some((w) => w.includes('carbon copy from'))).toBe(true);
  expect(warnings.some((w) => w.includes('archive result'))).toBe(true);
  expect(warnings.some((w) => w.includes(`receipt from ${mallory!.jid}`))).toBe(true);
});

test('a frame that wedges the XML parser is a stream error and a reconnect, never a deaf client', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('[chatlet]')) errors.push(m.text());
  });
  await logInThrough(page, alice!, netProxy);
  await openChat(page, bob!.jid);

  for (const [i, frame] of [
    '<!DOCTYPE message [<!ENTITY boom "boom">]>',
    `<message xmlns="jabber:client" from="${bob!.jid}/x" type="chat"><body>half an element`,
  ].entries()) {
    await netProxy.inject(frame, { latest: true });
    await expect.poll(() => errors.length).toBe(i + 1);
    await bobClient.send(chat(alice!.jid, `heard after bad frame ${i + 1}`));
    await everyOnce(page, [`heard after bad frame ${i + 1}`]);
  }
  expect(errors.every((e) => e.includes('reconnecting'))).toBe(true);
});

test('history: scrolling back loads older pages from the archive, each message once', async ({
  page,
  freshUsers,
  xmppClient,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  // 120 messages before alice ever opens Chatlet in this browser (her phone was online, so
  // they are in the archive only).
  const phone = await xmppClient(alice!.jid, alice!.password, { resource: 'phone' });
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  const sent = Array.from({ length: 120 }, (_, i) => `old ${i + 1}`);
  for (const body of sent) await bobClient.send(chat(alice!.jid, body));
  await phone.iqCaller.request(xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));

  await logIn(page, alice!.jid, alice!.password);
  await openChat(page, bob!.jid);
  await expect(messages(page).last()).toContainText('old 120');
  // A new device starts with the newest page, and nothing counts as unread.
  expect((await shown(page)).length).toBeLessThan(120);

  const history = page.locator('chatlet-widget chatlet-chat-pane [part="history"]');
  await expect
    .poll(
      async () => {
        // To the top: the history scrolls from the bottom, so up is negative.
        await history.evaluate((el) => el.scrollTo(0, -el.scrollHeight));
        return (await shown(page)).length;
      },
      { timeout: 20_000 },
    )
    .toBe(120);
  expect(await shown(page)).toEqual(sent);
});

test('history: what could not be fetched since the last visit is shown as a gap, and Retry fills it', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  await logInThrough(page, alice!, netProxy);
  await openChat(page, bob!.jid);
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  await bobClient.send(chat(alice!.jid, 'seen live'));
  await everyOnce(page, ['seen live']);
  await page.close();

  // While the page is closed (alice's phone online: nothing waits in offline storage).
  const phone = await xmppClient(alice!.jid, alice!.password, { resource: 'phone' });
  for (let i = 1; i <= 5; i++) await bobClient.send(chat(alice!.jid, `while away ${i}`));
  await phone.iqCaller.request(xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));

  // The archive's answers are lost on the way: the catch-up cannot complete.
  // (Prosody writes attributes in no fixed order.)
  netProxy.dropServerFrames((text) => /<fin\b[^>]*urn:xmpp:mam:2/.test(text));
  const again = await page.context().newPage();
  // A visit that starts a new session: the one the closed tab left (which a tab of this browser
  // would resume, getting the messages live) is forgotten here, so the catch-up is all it has.
  await again.addInitScript(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('chatlet:sm:')) localStorage.removeItem(key);
    }
  });
  await openPageThrough(again, netProxy);
  await openWidget(again);
  await openChat(again, bob!.jid);
  const gap = again.locator('chatlet-widget chatlet-chat-pane [part="gap"]');
  await expect(gap).toContainText('could not be loaded', { timeout: 40_000 });
  expect((await shown(again)).filter((t) => t.startsWith('while away'))).toEqual([]);

  netProxy.dropServerFrames(null);
  // Under load the pane's own first archive page may have timed out too: a second gap bar
  // ("older messages"). Retry each.
  const retry = gap.getByRole('button', { name: 'Retry' });
  await expect(async () => {
    if (await retry.count()) await retry.first().click({ timeout: 1_000 });
    await expect(gap).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await everyOnce(again, ['seen live', ...[1, 2, 3, 4, 5].map((i) => `while away ${i}`)]);
});

test('another login with the same resource ends this one with a clear message, not a reconnect loop', async ({
  page,
  freshUsers,
  xmppClient,
  netProxy,
}) => {
  const [alice] = await freshUsers(1);
  let resource = '';
  netProxy.dropServerFrames((text) => {
    resource ||= /<jid>[^<]+\/([^<]+)<\/jid>/.exec(text)?.[1] ?? '';
    return false;
  });
  await logInThrough(page, alice!, netProxy);
  await expect.poll(() => resource).not.toBe('');
  await expect(status(page)).toHaveCount(0);
  const opened = netProxy.connections;
  // Prosody resolves the conflict by ending the older session with <conflict/>.
  await xmppClient(alice!.jid, alice!.password, { resource });
  await expect(status(page)).toContainText('connected from somewhere else');
  await page.waitForTimeout(3_000);
  // It stays stopped: no new connection was opened to try again.
  expect(netProxy.connections).toBeLessThanOrEqual(Math.max(0, opened - 1));
  await expect(status(page)).toContainText('connected from somewhere else');
});
