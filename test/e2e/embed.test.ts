// The script tag on host pages, as a site owner pastes it: the built classic script, a real
// Prosody, and a real support agent on a second client (@xmpp/client in Node).
import type { Page } from '@playwright/test';
import { type Client, xml } from '@xmpp/client';
import { supportAgent } from './agent';
import { expect, nextStanza, openHostPage, test } from './host-page';

/** A plain page with only the script tag: a visitor (guest account) and `agent` as support. */
function supportTag(agent: string, extra = ''): string {
  return `<h1>Acme shop</h1><p>Ordinary page content.</p>
<script src="/chatlet/chatlet.iife.js"
  data-service="{{service}}"
  data-domain="guest.localhost"
  data-anonymous
  data-support="${agent}"
  data-widget
  ${extra}></script>`;
}

/** Everything a page reports that a site owner would see: errors, warnings, uncaught exceptions. */
function watchConsole(page: Page) {
  const seen = { errors: [] as string[], warnings: [] as string[], uncaught: [] as string[] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('pageerror', (error) => seen.uncaught.push(error.message));
  return seen;
}

const widget = (page: Page) => page.locator('chatlet-widget');
const launcher = (page: Page) => widget(page).locator('[part="launcher"]');
const composer = (page: Page) => widget(page).locator('chatlet-chat-pane [part="input"]');
const messages = (page: Page) => widget(page).locator('chatlet-chat-pane [part="message"]');

/** The next chat message `client` receives. */
const nextChat = (client: Client, timeout = 10_000) =>
  nextStanza(client, (s) => s.is('message') && !!s.getChildText('body'), timeout);

test('a visitor chats with support on a plain page with only the script tag', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = (await supportAgent(xmppClient, agentUser!)).client;
  const seen = watchConsole(page);
  await openHostPage(page, hostServer, {
    body: supportTag(agentUser!.jid, 'data-greeting="Hi! Ask us anything."'),
  });

  await launcher(page).click();
  await expect(widget(page).locator('[part="greeting"]')).toHaveText('Hi! Ask us anything.');
  await expect(composer(page)).toBeVisible();
  const received = nextChat(agent);
  await composer(page).fill('Where is my order?');
  await composer(page).press('Enter');

  // The agent gets the question with the page the visitor is on.
  const question = await received;
  expect(question.getChildText('body')).toContain('Where is my order?');
  expect(question.getChildText('body')).toContain(`${new URL(page.url()).href}`);
  await expect(messages(page).last()).toHaveAttribute('data-state', 'sent');
  // The visitor's own bubble shows the message as sent, page address included.
  await expect(messages(page).last().locator('[part="bubble"]')).toContainText(
    'Where is my order?',
  );

  // The agent answers; the visitor sees it, and the agent is shown as there.
  await agent.send(
    xml(
      'message',
      { to: question.attrs['from'], type: 'chat', id: 'answer-1' },
      xml('body', {}, 'It ships today.'),
    ),
  );
  await expect(messages(page).last()).toHaveAttribute('data-direction', 'in');
  await expect(messages(page).last()).toContainText('It ships today.');
  await expect(widget(page).locator('[part="away"]')).toHaveCount(0);

  // The transcript is a text file with both sides.
  const download = page.waitForEvent('download');
  await widget(page).getByRole('button', { name: 'Download transcript' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^chat-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
  const text = await (
    await file.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text).toMatch(/You: Where is my order\?/);
  expect(text).toMatch(/Support: It ships today\./);

  expect(seen.uncaught).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('when support is away the visitor is told so and leaves a message the agent gets later', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  await openHostPage(page, hostServer, {
    body: supportTag(agentUser!.jid, 'data-hours="We answer Monday to Friday, 9:00–17:00."'),
  });
  await launcher(page).click();
  const away = widget(page).locator('[part="away"]');
  await expect(away).toContainText('We are away right now', { timeout: 10_000 });
  await expect(away).toContainText('Monday to Friday, 9:00–17:00');
  await composer(page).fill('Please call me back.');
  await composer(page).press('Enter');
  await expect(messages(page).last()).toHaveAttribute('data-state', 'sent');

  // The server kept it: the agent gets it when they come online.
  const agent = (await supportAgent(xmppClient, agentUser!, { presence: false })).client;
  const stored = nextChat(agent);
  await agent.send(xml('presence'));
  expect((await stored).getChildText('body')).toContain('Please call me back.');
  // …and the visitor sees the agent come back.
  await expect(away).toHaveCount(0);
});

test('the pre-chat form puts the visitor’s name, e-mail and question in the first message', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = (await supportAgent(xmppClient, agentUser!)).client;
  await openHostPage(page, hostServer, {
    body: supportTag(agentUser!.jid, 'data-prechat="name,email,question"'),
  });
  await launcher(page).click();
  const form = widget(page).locator('[part="prechat"]');
  await form.getByLabel('Your name').fill('Ada Lovelace');
  await form.getByLabel('E-mail').fill('ada@example.org');
  await form.getByLabel('How can we help?').fill('The engine will not start.');
  const received = nextChat(agent);
  const asked = nextStanza(agent, (s) => s.is('presence') && s.attrs['type'] === 'subscribe');
  await form.getByRole('button', { name: 'Start chat' }).click();
  // The name is the visitor's nickname (XEP-0172) in the presence request.
  expect((await asked).getChildText('nick', 'http://jabber.org/protocol/nick')).toBe(
    'Ada Lovelace',
  );
  const body = (await received).getChildText('body') ?? '';
  expect(body).toContain('The engine will not start.');
  expect(body).toContain('Ada Lovelace');
  expect(body).toContain('ada@example.org');
  expect(body).toContain(page.url());
  await expect(messages(page)).toHaveCount(1);
  await expect(composer(page)).toBeVisible();
});

test('a wrong attribute gets one console error naming it, and the launcher says chat is unavailable', async ({
  page,
  hostServer,
}) => {
  const seen = watchConsole(page);
  await openHostPage(page, hostServer, {
    body: `<p>Shop</p><script src="/chatlet/chatlet.iife.js" data-service="{{service}}"
      data-support="support@localhost" data-widget data-notify="fireworks"></script>`,
  });
  await expect(launcher(page)).toBeVisible();
  await launcher(page).click();
  await expect(widget(page).locator('[part="unavailable"]')).toContainText('not available');
  expect(seen.errors).toHaveLength(1);
  expect(seen.errors[0]).toContain('data-notify="fireworks"');
  expect(seen.errors[0]).toContain('title, sound, desktop');
  expect(seen.uncaught).toEqual([]);
});

test('the script twice on a page starts once and says so, without an exception', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = (await supportAgent(xmppClient, agentUser!)).client;
  const seen = watchConsole(page);
  await openHostPage(page, hostServer, {
    body: supportTag(agentUser!.jid) + supportTag(agentUser!.jid),
  });
  await expect(launcher(page)).toBeVisible();
  await expect(widget(page)).toHaveCount(1);
  expect(seen.warnings.filter((w) => w.includes('on this page twice'))).toHaveLength(1);
  expect(await page.evaluate(() => typeof (window as { Chatlet?: unknown }).Chatlet)).toBe(
    'object',
  );
  // …and it still works.
  await launcher(page).click();
  const received = nextChat(agent);
  await composer(page).fill('Hello once');
  await composer(page).press('Enter');
  expect((await received).getChildText('body')).toContain('Hello once');
  expect(seen.uncaught).toEqual([]);
  expect(seen.errors).toEqual([]);
});
