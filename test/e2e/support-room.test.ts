// Support in a room (XEP-0045), as a site's public help channel: the built classic script on a
// plain host page with only data attributes, the project's Prosody (conference.localhost with
// room archives), and a real agent — a member of the room — on a second client in Node.
import type { Page } from '@playwright/test';
import type { Element } from '@xmpp/xml';
import { roomAgent } from './agent';
import { expect, type HostServer, openHostPage, test } from './host-page';

let rooms = 0;

/**
 * A plain page with only the script tag: a visitor (guest account) and `room` as support. `src`
 * is the classic script, or the loader (whose module fetches the rooms' code when it joins).
 */
function roomTag(room: string, extra = '', src = '/chatlet/chatlet.iife.js'): string {
  return `<h1>Acme shop</h1><p>Ordinary page content.</p>
<script src="${src}"
  data-service="{{service}}"
  data-domain="guest.localhost"
  data-anonymous
  data-support-room="${room}"
  data-hours="We answer Monday to Friday."
  data-widget
  ${extra}></script>`;
}

const widget = (page: Page) => page.locator('chatlet-widget');
const launcher = (page: Page) => widget(page).locator('[part="launcher"]');
const composer = (page: Page) => widget(page).locator('chatlet-chat-pane [part="input"]');
const messages = (page: Page) => widget(page).locator('chatlet-chat-pane [part="message"]');

/** Types a message in the open widget and sends it. */
async function say(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** A new support room whose only member is a new agent account. */
async function newRoom(
  server: { prosody: { createRoom(name: string, o: object): Promise<string> } },
  agentJid: string,
) {
  rooms += 1;
  return server.prosody.createRoom(`help${rooms}x${Date.now().toString(36)}`, {
    members: [agentJid],
  });
}

/** Serves `body` at `path` on the host server (navigating there keeps the tab's storage). */
function servePage(hostServer: HostServer, path: string, body: string) {
  hostServer.serve(path, { body });
  return `${hostServer.origin}${path}`;
}

const SOURCES = [
  ['the classic script', '/chatlet/chatlet.iife.js'],
  ['the loader', '/chatlet/chatlet-loader.js'],
] as const;

for (const [name, src] of SOURCES) {
  test(`a visitor talks to the agents of a support room on a page with only ${name}`, async ({
    page,
    hostServer,
    server,
    freshUsers,
    xmppClient,
  }) => {
    const [agentUser] = await freshUsers(1, { prefix: 'agent' });
    const room = await newRoom(server, agentUser!.jid);
    const agent = await roomAgent(xmppClient, agentUser!, room, 'Sam');
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    const requested = await openHostPage(page, hostServer, {
      body: roomTag(room, 'data-greeting="Hi! Ask us anything."', src),
    });

    await launcher(page).click();
    await expect(widget(page).locator('[part="greeting"]')).toHaveText('Hi! Ask us anything.');
    // An agent (a member) is in the room: no away notice.
    await expect(composer(page)).toBeVisible();
    const question = agent.nextMessage();
    await say(page, 'Where is my order?');

    // The agent gets it in the room, from the visitor's nick, with the page address.
    const asked = await question;
    expect(asked.attrs['type']).toBe('groupchat');
    expect(asked.attrs['from']).toMatch(new RegExp(`^${room}/Visitor \\d{4}$`));
    expect(asked.getChildText('body')).toContain('Where is my order?');
    expect(asked.getChildText('body')).toContain(`Sent from: ${page.url()}`);
    await expect(messages(page).last()).toHaveAttribute('data-direction', 'out');
    await expect(messages(page).last()).toHaveAttribute('data-state', 'sent');
    await expect(widget(page).locator('[part="away"]')).toHaveCount(0);

    await agent.say('It ships today.');
    await expect(messages(page).last()).toContainText('It ships today.');
    await expect(messages(page).last()).toHaveAttribute('data-direction', 'in');
    await expect(messages(page).last()).toContainText('Sam');
    // Exactly once, and the visitor's own message once too.
    await expect(messages(page).filter({ hasText: 'It ships today.' })).toHaveCount(1);
    await expect(messages(page).filter({ hasText: 'Where is my order?' })).toHaveCount(1);
    expect(errors).toEqual([]);
    if (src.endsWith('loader.js')) {
      // The loader's module fetched the rooms' code, and not the contact list or the tabs'.
      const chunks = requested.filter((path) => /^\/chatlet\/chatlet-[\w-]+-/.test(path));
      expect(chunks).toEqual([expect.stringMatching(/^\/chatlet\/chatlet-room-[\w-]+\.js$/)]);
    }
  });
}

test('no agent in the room: the away notice, and a left message the agent finds in the room archive', async ({
  page,
  hostServer,
  server,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const room = await newRoom(server, agentUser!.jid);
  await openHostPage(page, hostServer, { body: roomTag(room) });

  await launcher(page).click();
  const away = widget(page).locator('[part="away"]');
  await expect(away).toContainText('We are away right now');
  await expect(away).toContainText('We answer Monday to Friday.');
  await say(page, 'Please call me back tomorrow.');
  await expect(messages(page).last()).toHaveAttribute('data-state', 'sent');

  // The agent comes in later: the message is in the room's archive, and the notice goes.
  const agent = await roomAgent(xmppClient, agentUser!, room, 'Sam');
  const archived = await agent.archive();
  expect(archived.map((m) => m.body).join('\n')).toContain('Please call me back tomorrow.');
  expect(archived[0]!.nick).toMatch(/^Visitor \d{4}$/);
  await expect(away).toHaveCount(0);
});

for (const [name, src] of SOURCES) {
  test(`moving to another page of the site keeps the room conversation, without a leave and join, with ${name}`, async ({
    page,
    hostServer,
    server,
    freshUsers,
    xmppClient,
  }) => {
    const [agentUser] = await freshUsers(1, { prefix: 'agent' });
    const room = await newRoom(server, agentUser!.jid);
    const agent = await roomAgent(xmppClient, agentUser!, room, 'Sam');
    await openHostPage(page, hostServer, { body: roomTag(room, '', src) });
    await launcher(page).click();
    const question = agent.nextMessage();
    await say(page, 'First page question');
    const nick = String((await question).attrs['from'])
      .split('/')
      .slice(1)
      .join('/');
    await agent.say('First answer');
    await expect(messages(page).last()).toContainText('First answer');

    const occupantPresences = () =>
      agent.seen.filter((s: Element) => s.is('presence') && s.attrs['from'] === `${room}/${nick}`)
        .length;
    const before = occupantPresences();

    for (const [i, path] of ['/shop/cart.html', '/shop/checkout.html'].entries()) {
      const url = servePage(hostServer, path, roomTag(room, '', src));
      // Said while the visitor is between pages: the resumed session delivers it.
      const navigation = page.goto(url);
      await agent.say(`Answer while moving ${i}`);
      await navigation;
      await expect(launcher(page)).toBeVisible();
      // The panel stays open from page to page.
      await expect(messages(page).filter({ hasText: `Answer while moving ${i}` })).toHaveCount(1);
    }
    const next = agent.nextMessage();
    await say(page, 'Second question, from checkout');
    expect((await next).attrs['from']).toBe(`${room}/${nick}`);

    // Every message once; the agent saw no leave and join of the visitor.
    for (const text of [
      'First page question',
      'First answer',
      'Answer while moving 0',
      'Answer while moving 1',
      'Second question, from checkout',
    ]) {
      await expect(messages(page).filter({ hasText: text })).toHaveCount(1);
    }
    // In the order they were said.
    const texts = (await messages(page).allTextContents()).join('\n');
    const order = ['First page question', 'First answer', 'Answer while moving 0'].map((t) =>
      texts.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(occupantPresences()).toBe(before);
    await expect(widget(page).locator('[part="away"]')).toHaveCount(0);
  });
}

test('scrolling back in a support room brings the room archive’s older messages, each once and in order', async ({
  page,
  hostServer,
  server,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const room = await newRoom(server, agentUser!.jid);
  // 60 messages in the room before the visitor comes: only its archive has them all.
  const agent = await roomAgent(xmppClient, agentUser!, room, 'Sam');
  const said = Array.from({ length: 60 }, (_, i) => `old ${i + 1}`);
  for (const body of said) await agent.say(body);
  const reflected = () =>
    agent.seen.filter((s) => s.is('message') && /^old \d+$/.test(s.getChildText('body') ?? ''));
  // The room reflects each once it has taken (and archived) it.
  await expect.poll(() => reflected().length).toBe(60);

  // What the visitor's page asks the server, to see where the messages came from.
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => frames.push(String(frame.payload))));
  await openHostPage(page, hostServer, { body: roomTag(room) });
  await launcher(page).click();
  await expect(messages(page).last()).toContainText('old 60');

  const history = widget(page).locator('chatlet-chat-pane [part="history"]');
  const shown = () => messages(page).locator('[part="bubble"]').allTextContents();
  await expect
    .poll(
      async () => {
        // To the top: the history scrolls from the bottom, so up is negative.
        await history.evaluate((el) => el.scrollTo(0, -el.scrollHeight));
        return (await shown()).length;
      },
      { timeout: 20_000 },
    )
    .toBe(60);
  // Every one of the 60 once, in the order said, each labelled with the agent's nick.
  expect(await shown()).toEqual(said);
  await expect(messages(page).first()).toHaveAttribute('data-direction', 'in');
  await expect(messages(page).first().locator('.sender')).toHaveText('Sam');
  await expect(widget(page).locator('[part="gap"]')).toHaveCount(0);

  // The join asked for the newest 20 only; the rest came from a query to the room's archive.
  const join = frames.find((f) => f.includes(`to="${room}/`) && f.includes('<history'));
  expect(join).toContain('maxstanzas="20"');
  const queries = frames.filter((f) => f.includes('urn:xmpp:mam:2') && f.includes(`to="${room}"`));
  expect(queries.length).toBeGreaterThan(0);
  expect(queries.every((q) => !q.includes('var="with"'))).toBe(true);
});
