// Tabs: one XMPP connection per browser profile and account. Three tabs of one browser are
// logged in as alice; one of them (the leader) holds the connection, the others live through
// it. With the project's Prosody (FAST, stream management) and bob, a real client, watching.
import type { Element } from '@xmpp/xml';
import { xml } from '@xmpp/client';
import type { Page } from '@playwright/test';
import { collectStanzas, expect, test, type User } from './fixtures';
import {
  contactRow,
  logIn,
  messages,
  openChat,
  openWidget,
  send,
  setPresence,
} from './widget-helpers';

test.describe.configure({ timeout: 90_000 });

/** What a tab does on its XMPP sockets: whether one is open, and the nonzas it sent. */
interface Watched {
  page: Page;
  /** Sockets to the XMPP endpoint not closed yet. */
  open: number;
  /** Every frame sent on them. */
  sent: string[];
  received: string[];
}

function watch(page: Page): Watched {
  const watched: Watched = { page, open: 0, sent: [], received: [] };
  page.on('websocket', (socket) => {
    if (!socket.url().includes('xmpp-websocket')) return;
    watched.open += 1;
    socket.on('close', () => (watched.open -= 1));
    socket.on('framesent', ({ payload }) => watched.sent.push(String(payload)));
    socket.on('framereceived', ({ payload }) => watched.received.push(String(payload)));
  });
  return watched;
}

/** The texts of the page's conversation with `peer`, as its session holds them. */
async function shown(page: Page, peer: string): Promise<string[]> {
  return page.evaluate(async (jid) => {
    type Module = {
      defaultSession: {
        value: { conversation(jid: string): { messages: { value: { body: string }[] } } } | null;
      };
    };
    const { defaultSession } = (await import(
      /* @vite-ignore */ `${'/src/default-session.ts'}`
    )) as Module;
    return defaultSession.value?.conversation(jid).messages.value.map((m) => m.body) ?? [];
  }, peer);
}

async function statusOf(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    type Module = { defaultSession: { value: { status: { value: string } } | null } };
    const { defaultSession } = (await import(
      /* @vite-ignore */ `${'/src/default-session.ts'}`
    )) as Module;
    return defaultSession.value?.status.value ?? null;
  });
}

const presencesFrom = (stanzas: Element[], jid: string) =>
  stanzas.filter((s) => s.is('presence') && s.attrs.from?.split('/')[0] === jid);

const countOf = (texts: string[], text: string) => texts.filter((t) => t === text).length;

/** Alice's sessions at the server (hibernating ones too). */
async function sessionsOf(server: { prosody: { shell(c: string): Promise<string> } }, jid: string) {
  const table = await server.prosody.shell(`c2s:show(nil, "jid")`);
  return table.split('\n').filter((line) => line.includes(`${jid}/`)).length;
}

/** Alice in three tabs of one browser, bob watching; the first tab logged in through the form. */
async function aliceInThreeTabs(
  page: Page,
  fixtures: {
    freshUsers: (n: number, o: { group: string }) => Promise<User[]>;
    xmppClient: (u: string, p?: string) => Promise<import('@xmpp/client').Client>;
  },
) {
  const [alice, bob] = (await fixtures.freshUsers(2, { group: 'Team' })) as [User, User];
  const bobClient = await fixtures.xmppClient(bob.jid, bob.password);
  const bobSeen = collectStanzas(bobClient);
  const tabs = [watch(page)];
  await logIn(page, alice.jid, alice.password);
  await expect.poll(() => presencesFrom(bobSeen, alice.jid).length).toBeGreaterThan(0);
  for (let i = 0; i < 2; i++) {
    const next = await page.context().newPage();
    tabs.push(watch(next));
    // The account that logged in on this browser: no form, no password.
    await next.goto('/');
    await openWidget(next);
    await expect(next.locator('chatlet-widget chatlet-contact-list')).toBeVisible();
  }
  for (const tab of tabs) await expect.poll(() => statusOf(tab.page)).toBe('online');
  return { alice, bob, bobClient, bobSeen, tabs };
}

const chat = (to: string, body: string) =>
  xml('message', { to, type: 'chat', id: crypto.randomUUID() }, xml('body', {}, body));

test('three tabs share one connection; a tab taking over resumes it, and logout ends all', async ({
  page,
  freshUsers,
  xmppClient,
  server,
}) => {
  const { alice, bob, bobClient, bobSeen, tabs } = await aliceInThreeTabs(page, {
    freshUsers,
    xmppClient,
  });
  const [first, second, third] = tabs as [Watched, Watched, Watched];

  // One connection: one socket in one tab, one session at the server, one resource for bob.
  expect(tabs.map((t) => t.open)).toEqual([1, 0, 0]);
  expect(await sessionsOf(server, alice.jid)).toBe(1);
  const resources = new Set(
    presencesFrom(bobSeen, alice.jid)
      .filter((s) => s.attrs.type === undefined)
      .map((s) => s.attrs.from),
  );
  expect(resources.size).toBe(1);
  // The followers logged in with nothing: no SASL, no bind, not even a socket.
  expect([...second.sent, ...third.sent]).toEqual([]);

  // Every tab sees bob online (the followers from what the leader knew when they came).
  for (const tab of tabs) {
    await expect(contactRow(tab.page, bob.jid).locator('.dot')).toHaveAttribute(
      'data-show',
      'online',
    );
  }

  // Away in one tab (the form sends the show, then the status): bob hears each change once,
  // and the other tabs show it as the own presence.
  const presencesBefore = presencesFrom(bobSeen, alice.jid).length;
  await setPresence(third.page, 'away', 'at lunch');
  const heard = () =>
    presencesFrom(bobSeen, alice.jid)
      .slice(presencesBefore)
      .map((s) => `${s.getChildText('show')} ${s.getChildText('status') ?? ''}`.trim());
  await expect.poll(() => heard().at(-1)).toBe('away at lunch');
  expect(new Set(heard()).size).toBe(heard().length);
  for (const tab of [first, second]) {
    const widget = tab.page.locator('chatlet-widget');
    await expect(widget.getByLabel('Your presence')).toHaveValue('away');
    await expect(widget.getByLabel('Status message')).toHaveValue('at lunch');
  }

  // bob writes, asking for a receipt: every tab shows it, once, unread; one receipt goes back.
  const receipts = () =>
    bobSeen.filter((s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id === 'hi-1');
  await bobClient.send(
    xml(
      'message',
      { to: alice.jid, type: 'chat', id: 'hi-1' },
      xml('body', {}, 'hello, all of you'),
      xml('request', { xmlns: 'urn:xmpp:receipts' }),
    ),
  );
  for (const tab of tabs) {
    await expect(contactRow(tab.page, bob.jid).locator('[part="unread"]')).toHaveText('1');
    expect(countOf(await shown(tab.page, bob.jid), 'hello, all of you')).toBe(1);
  }
  await expect.poll(() => receipts().length).toBe(1);
  // Read in one tab, read in all.
  await openChat(third.page, bob.jid);
  for (const tab of [first, second]) {
    await expect(contactRow(tab.page, bob.jid).locator('[part="unread"]')).toHaveCount(0);
  }
  for (const tab of [first, second]) await openChat(tab.page, bob.jid);

  // A follower writes: it goes out once, through the leader, and shows as sent in every tab.
  await send(second.page, 'from the second tab');
  await expect
    .poll(() => bobSeen.filter((s) => s.getChildText('body') === 'from the second tab').length)
    .toBe(1);
  for (const tab of tabs) {
    const message = messages(tab.page).filter({ hasText: 'from the second tab' });
    await expect(message).toHaveCount(1);
    await expect(message).toHaveAttribute('data-direction', 'out');
    await expect(message).toHaveAttribute('data-state', /^(sent|delivered|read)$/);
  }
  // bob's device says it has it: delivered, in every tab.
  const sentId = bobSeen.find((s) => s.getChildText('body') === 'from the second tab')!.attrs.id;
  await bobClient.send(
    xml(
      'message',
      { to: alice.jid, type: 'chat' },
      xml('received', { xmlns: 'urn:xmpp:receipts', id: sentId }),
    ),
  );
  for (const tab of tabs) {
    await expect(messages(tab.page).filter({ hasText: 'from the second tab' })).toHaveAttribute(
      'data-state',
      'delivered',
    );
  }

  expect(receipts()).toHaveLength(1);

  // The leader's tab closes; bob writes at once. Another tab takes over within 2 s…
  const before = presencesFrom(bobSeen, alice.jid).length;
  await first.page.close();
  await bobClient.send(chat(alice.jid, 'right after the close'));
  await expect
    .poll(
      () =>
        [second, third].filter((t) => t.open === 1 && t.received.some((f) => /<resumed\b/.test(f)))
          .length,
      {
        timeout: 2_000,
        intervals: [50],
      },
    )
    .toBe(1);
  const leader = second.open ? second : third;
  const follower = leader === second ? third : second;
  expect(follower.open).toBe(0);
  // …resuming the same session with the token alone: no new login, no bind, no presence.
  expect(leader.sent.filter((f) => /<resume\b/.test(f))).toHaveLength(1);
  expect(leader.sent.filter((f) => /SCRAM|PLAIN|<bind\b|<presence/.test(f))).toEqual([]);
  // Nothing lost or doubled, in either tab.
  for (const tab of [second, third]) {
    await expect.poll(() => statusOf(tab.page)).toBe('online');
    await expect
      .poll(async () => countOf(await shown(tab.page, bob.jid), 'right after the close'), {
        timeout: 10_000,
      })
      .toBe(1);
  }
  await send(follower.page, 'after the takeover');
  await expect
    .poll(() => bobSeen.filter((s) => s.getChildText('body') === 'after the takeover').length)
    .toBe(1);
  // bob never saw alice go: not one presence from her since the close.
  expect(presencesFrom(bobSeen, alice.jid).slice(before)).toEqual([]);
  expect(await sessionsOf(server, alice.jid)).toBe(1);

  // Logging out in one tab logs out the other: the login form in both, the session ended.
  const widget = follower.page.locator('chatlet-widget');
  await widget.getByLabel('Back to contacts').click();
  await widget.getByRole('button', { name: 'Log out' }).click();
  for (const tab of [second, third]) {
    await expect(tab.page.locator('chatlet-widget form.login')).toBeVisible();
  }
  await expect.poll(() => sessionsOf(server, alice.jid)).toBe(0);
  await expect
    .poll(() => presencesFrom(bobSeen, alice.jid).some((s) => s.attrs.type === 'unavailable'))
    .toBe(true);
  // The cache is gone, and no tab writes it back.
  const databases = () =>
    leader.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  await expect.poll(databases).not.toContain(`chatlet:${alice.jid}`);
  await leader.page.waitForTimeout(500);
  expect(await databases()).not.toContain(`chatlet:${alice.jid}`);
});

test('the leader tab walking through the site hands the connection on each time: no flap, nothing lost', async ({
  page,
  freshUsers,
  xmppClient,
  server,
}) => {
  const [alice, bob] = (await freshUsers(2, { group: 'Team' })) as [User, User];
  const bobClient = await xmppClient(bob.jid, bob.password);
  const bobSeen = collectStanzas(bobClient);
  await logIn(page, alice.jid, alice.password);
  await expect.poll(() => presencesFrom(bobSeen, alice.jid).length).toBeGreaterThan(0);
  const other = await page.context().newPage();
  await other.goto('/');
  await openWidget(other);
  await expect.poll(() => statusOf(other)).toBe('online');
  const before = presencesFrom(bobSeen, alice.jid).length;

  const texts: string[] = [];
  const pages = ['/demo/intranet.html', '/', '/demo/intranet.html', '/'];
  for (const [i, path] of pages.entries()) {
    const text = `while walking ${i}`;
    texts.push(text);
    const walked = page.goto(path);
    await bobClient.send(chat(alice.jid, text));
    await walked;
    await expect.poll(() => statusOf(page)).toBe('online');
  }
  for (const tab of [page, other]) {
    await expect
      .poll(async () => {
        const shownNow = await shown(tab, bob.jid);
        return texts.filter((t) => countOf(shownNow, t) !== 1);
      })
      .toEqual([]);
  }
  await openChat(other, bob.jid);
  await send(other, 'still one session');
  await expect
    .poll(() => bobSeen.filter((s) => s.getChildText('body') === 'still one session').length)
    .toBe(1);
  expect(presencesFrom(bobSeen, alice.jid).slice(before)).toEqual([]);
  expect(await sessionsOf(server, alice.jid)).toBe(1);
});
