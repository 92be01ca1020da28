// Accessibility: axe-core on every element in every state, light and dark; a keyboard-only
// visitor and employee; new messages announced through a live region.
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { xml } from '@xmpp/client';
import { supportAgent } from './agent';
import { expect, nextStanza, openHostPage, test, type User } from './host-page';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations inside the given elements (and their shadow roots), one line each. */
async function violations(page: Page, selectors: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const present = include.filter((selector) => document.querySelector(selector));
    const result = await axe.run(
      { include: present.map((selector) => [selector]) },
      { resultTypes: ['violations'] },
    );
    return result.violations.map(
      (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  }, selectors);
}

const ELEMENTS = [
  'chatlet-widget',
  'chatlet-loader',
  'chatlet-contact-list',
  'chatlet-chat-pane',
  'chatlet-presence-badge',
];

const supportTag = (agent: string, extra = '') =>
  `<main><h1>Acme</h1></main><script src="/chatlet/chatlet.iife.js" data-service="{{service}}"
    data-domain="anon.localhost" data-anonymous data-support="${agent}"
    data-greeting="Hello! How can we help?" data-widget ${extra}></script>`;

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the support widget, closed and open, ${scheme}`, async ({
    page,
    hostServer,
    freshUsers,
    xmppClient,
  }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const [agentUser, awayUser] = await freshUsers(2, { prefix: 'agent' });
    const agent = (await supportAgent(xmppClient, agentUser!)).client;
    await openHostPage(page, hostServer, { body: supportTag(agentUser!.jid) });
    const widget = page.locator('chatlet-widget');
    await expect(widget.locator('[part="launcher"]')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);

    await widget.locator('[part="launcher"]').click();
    const received = nextStanza(agent, (s) => s.is('message') && !!s.getChildText('body'));
    const input = widget.locator('chatlet-chat-pane [part="input"]');
    await input.fill('Hi there');
    await input.press('Enter');
    const question = await received;
    await agent.send(
      xml('message', { to: question.attrs['from'], type: 'chat' }, xml('body', {}, 'Hello!')),
    );
    await expect(widget.locator('chatlet-chat-pane [part="message"]')).toHaveCount(2);
    expect(await violations(page, ELEMENTS)).toEqual([]);

    // The pre-chat form, and support away.
    await openHostPage(page, hostServer, {
      body: supportTag(awayUser!.jid, 'data-prechat="name,email,question" data-hours="9–17"'),
    });
    await widget.locator('[part="launcher"]').click();
    await expect(widget.locator('[part="prechat"]')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);
    await widget.getByLabel('Your name').fill('Ada');
    await widget.getByLabel('E-mail').fill('ada@example.org');
    await widget.getByLabel('How can we help?').fill('Hello?');
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await expect(widget.locator('[part="away"]')).toBeVisible({ timeout: 10_000 });
    expect(await violations(page, ELEMENTS)).toEqual([]);

    // A misconfigured page, and the login form.
    await openHostPage(page, hostServer, {
      body: `<main><h1>Acme</h1></main><script src="/chatlet/chatlet.iife.js" data-widget></script>`,
    });
    await widget.locator('[part="launcher"]').click();
    await expect(widget.locator('[part="unavailable"]')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);
    await openHostPage(page, hostServer, {
      body: `<main><h1>Acme</h1></main><script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-widget></script>`,
    });
    await widget.locator('[part="launcher"]').click();
    await expect(widget.locator('form.login')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);

    // The loader's bubble.
    await openHostPage(page, hostServer, {
      body: `<main><h1>Acme</h1></main><script src="/chatlet/chatlet-loader.js" data-service="{{service}}" data-load="interaction"></script>`,
    });
    await expect(page.locator('chatlet-loader [part="launcher"]')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);
  });
}

/** An intranet page: a badge, a contact list, a chat pane and the widget, all on one session. */
const intranet = (peer: string) => `<main><h1>People</h1>
  <p><chatlet-presence-badge jid="${peer}" name="Bob"></chatlet-presence-badge> Bob</p>
  <chatlet-contact-list></chatlet-contact-list>
  <chatlet-chat-pane jid="${peer}"></chatlet-chat-pane></main>
  <script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="localhost" data-widget></script>`;

async function logIn(page: Page, user: User): Promise<void> {
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  await widget.getByLabel('Address').fill(user.jid);
  await widget.getByLabel('Password').fill(user.password);
  await widget.getByRole('button', { name: 'Log in' }).click();
  await expect(widget.locator('chatlet-contact-list')).toBeVisible();
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the intranet elements, logged in, ${scheme}`, async ({
    page,
    hostServer,
    freshUsers,
    xmppClient,
  }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const [alice, bob] = await freshUsers(2, { group: 'Team' });
    const bobClient = await xmppClient(bob!.jid, bob!.password);
    await openHostPage(page, hostServer, { body: intranet(bob!.jid) });
    await logIn(page, alice!);
    await bobClient.send(
      xml('message', { to: alice!.jid, type: 'chat' }, xml('body', {}, 'Morning!')),
    );
    await expect(page.locator('main chatlet-chat-pane [part="message"]')).toHaveCount(1);
    await expect(page.locator('main > p > chatlet-presence-badge')).toHaveAttribute(
      'show',
      'online',
    );
    expect(await violations(page, ELEMENTS)).toEqual([]);
    // The list's add form and a contact's menu, open (the widget closed: it covers the page).
    const widget = page.locator('chatlet-widget');
    await widget.locator('[part="launcher"]').click();
    const list = page.locator('main chatlet-contact-list');
    await list.getByRole('button', { name: 'Add contact' }).first().click();
    await list.locator(`[part="contact"][data-jid="${bob!.jid}"] .more`).click();
    await expect(list.locator('.actions')).toBeVisible();
    expect(await violations(page, ELEMENTS)).toEqual([]);
    await widget.locator('[part="launcher"]').click();
    await widget.locator(`[part="contact"][data-jid="${bob!.jid}"] button`).first().click();
    await expect(widget.locator('chatlet-chat-pane [part="message"]')).toHaveCount(1);
    expect(await violations(page, ELEMENTS)).toEqual([]);
  });
}

/** The focused element, looking inside shadow roots. */
function deepFocus(page: Page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const row = active?.closest('[part~="contact"]') as HTMLElement | null;
    return {
      tag: active?.tagName.toLowerCase() ?? '',
      part: active?.getAttribute('part') ?? '',
      contact: row?.dataset['jid'] ?? '',
    };
  });
}

test('keyboard only: open the widget, pick a contact, read, send and close', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  await openHostPage(page, hostServer, {
    body: `<main><h1>Intranet</h1><a href="#">Home</a></main><script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="localhost" data-widget></script>`,
  });
  await logIn(page, alice!);
  // After logging in, focus is in the panel (the form it was in is gone); Escape closes.
  await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'search' });
  await page.keyboard.press('Escape');
  await expect(page.locator('chatlet-widget')).not.toHaveAttribute('open');
  expect(await deepFocus(page)).toMatchObject({ part: 'launcher' });
  await bobClient.send(
    xml('message', { to: alice!.jid, type: 'chat' }, xml('body', {}, 'Ping me back')),
  );
  await expect(page.locator('chatlet-widget [part="launcher-unread"]')).toHaveText('1');

  // From the top of the page: Tab to the launcher, Enter.
  await page.locator('h1').click();
  for (let i = 0; i < 10 && (await deepFocus(page)).part !== 'launcher'; i++) {
    await page.keyboard.press('Tab');
  }
  expect(await deepFocus(page)).toMatchObject({ part: 'launcher' });
  await page.keyboard.press('Enter');
  await expect(page.locator('chatlet-widget')).toHaveAttribute('open');

  // Tab into the list (one tab stop), arrow down to bob, Enter: the conversation opens with
  // the composer focused.
  for (let i = 0; i < 10 && (await deepFocus(page)).part !== 'group'; i++) {
    await page.keyboard.press('Tab');
  }
  for (let i = 0; i < 5 && (await deepFocus(page)).contact !== bob!.jid; i++) {
    await page.keyboard.press('ArrowDown');
  }
  expect(await deepFocus(page)).toMatchObject({ contact: bob!.jid });
  await page.keyboard.press('Enter');
  const pane = page.locator('chatlet-widget chatlet-chat-pane');
  await expect(pane.locator('[part="message"]')).toContainText(['Ping me back']);
  await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'textarea' });

  const received = nextStanza(bobClient, (s) => s.is('message') && !!s.getChildText('body'));
  await page.keyboard.type('Pong');
  await page.keyboard.press('Enter');
  expect((await received).getChildText('body')).toBe('Pong');

  // A new message is announced.
  await bobClient.send(
    xml('message', { to: alice!.jid, type: 'chat' }, xml('body', {}, 'Got it, thanks')),
  );
  await expect(pane.locator('[aria-live="polite"]')).toContainText('Got it, thanks');

  await page.keyboard.press('Escape');
  await expect(page.locator('chatlet-widget')).not.toHaveAttribute('open');
  expect(await deepFocus(page)).toMatchObject({ part: 'launcher' });
});
