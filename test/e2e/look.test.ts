// Look and feel on a host page: brand colour, theme override, narrow screens, reduced motion,
// language, right-to-left text, and the opt-in notifications.
import type { Page } from '@playwright/test';
import { supportAgent } from './agent';
import { expect, openHostPage, test } from './host-page';

const tag = (extra: string, src = '/chatlet/chatlet.iife.js') =>
  `<main><h1>Acme</h1></main><script src="${src}" data-service="{{service}}"
    data-domain="anon.localhost" data-anonymous data-support="nobody@localhost" data-widget ${extra}></script>`;

const widget = (page: Page) => page.locator('chatlet-widget');
const style = (page: Page, selector: string, property: string) =>
  widget(page)
    .locator(selector)
    .first()
    .evaluate((el, name) => getComputedStyle(el).getPropertyValue(name), property);

test('data-accent colours the launcher; data-theme overrides the system in both directions', async ({
  page,
  hostServer,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openHostPage(page, hostServer, { body: tag('data-accent="#7c3aed" data-theme="dark"') });
  await expect(widget(page).locator('[part="launcher"]')).toBeVisible();
  expect(await style(page, '[part="launcher"]', 'background-color')).toBe('rgb(124, 58, 237)');
  await widget(page).locator('[part="launcher"]').click();
  expect(await style(page, '[part="panel"]', 'background-color')).toBe('rgb(15, 23, 42)');

  await page.emulateMedia({ colorScheme: 'dark' });
  await openHostPage(page, hostServer, { body: tag('data-theme="light"') });
  await widget(page).locator('[part="launcher"]').click();
  expect(await style(page, '[part="panel"]', 'background-color')).toBe('rgb(255, 255, 255)');
  await openHostPage(page, hostServer, { body: tag('') });
  await widget(page).locator('[part="launcher"]').click();
  expect(await style(page, '[part="panel"]', 'background-color')).toBe('rgb(15, 23, 42)');
});

test('on a narrow screen the open panel fills the viewport', async ({ page, hostServer }) => {
  await page.setViewportSize({ width: 390, height: 700 });
  await openHostPage(page, hostServer, { body: tag('') });
  await widget(page).locator('[part="launcher"]').click();
  // Once the opening animation has ended.
  await expect
    .poll(() => widget(page).locator('[part="panel"]').boundingBox())
    .toEqual({ x: 0, y: 0, width: 390, height: 700 });
  // The close button in the header closes it (the launcher is under the panel).
  await widget(page).getByRole('button', { name: 'Close chat' }).first().click();
  await expect(widget(page)).not.toHaveAttribute('open');
});

test('reduced motion turns the panel animation off', async ({ page, hostServer }) => {
  await openHostPage(page, hostServer, { body: tag('') });
  await widget(page).locator('[part="launcher"]').click();
  expect(parseFloat(await style(page, '[part="panel"]', 'animation-duration'))).toBeGreaterThan(
    0.1,
  );
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openHostPage(page, hostServer, { body: tag('') });
  await widget(page).locator('[part="launcher"]').click();
  expect(parseFloat(await style(page, '[part="panel"]', 'animation-duration'))).toBeLessThan(0.001);
});

test('Simplified Chinese from the browser or from data-locale; English otherwise', async ({
  browser,
  hostServer,
}) => {
  const chinese = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await openHostPage(chinese, hostServer, { body: tag('') });
  await expect(widget(chinese).locator('[part="launcher"]')).toHaveAttribute(
    'aria-label',
    '打开聊天',
  );
  await widget(chinese).locator('[part="launcher"]').click();
  await expect(widget(chinese).locator('chatlet-chat-pane [part="input"]')).toHaveAttribute(
    'placeholder',
    '输入消息…',
  );

  const english = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await openHostPage(english, hostServer, { body: tag('') });
  await expect(widget(english).locator('[part="launcher"]')).toHaveAttribute(
    'aria-label',
    'Open chat',
  );
  await openHostPage(english, hostServer, { body: tag('data-locale="zh-CN"') });
  await expect(widget(english).locator('[part="launcher"]')).toHaveAttribute(
    'aria-label',
    '打开聊天',
  );
});

test('right-to-left text in messages and the composer lays out right to left', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = await supportAgent(xmppClient, agentUser!);
  await openHostPage(page, hostServer, {
    body: tag('').replace('nobody@localhost', agentUser!.jid),
  });
  const visitor = agent.nextVisitor();
  await widget(page).locator('[part="launcher"]').click();
  const input = widget(page).locator('chatlet-chat-pane [part="input"]');
  await input.fill('שלום, אני צריך עזרה');
  expect(await input.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await agent.say(await visitor, 'مرحبا! كيف يمكننا مساعدتك؟');
  const bubble = widget(page).locator('chatlet-chat-pane [part="message"] [part="bubble"]');
  await expect(bubble).toHaveText('مرحبا! كيف يمكننا مساعدتك؟');
  expect(await bubble.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
});

for (const [name, src] of [
  ['the classic script', '/chatlet/chatlet.iife.js'],
  ['the loader', '/chatlet/chatlet-loader.js'],
] as const) {
  test(`opt-in notifications: unread count in the title, a chime and a desktop notification, with ${name}`, async ({
    context,
    page,
    hostServer,
    freshUsers,
    xmppClient,
  }) => {
    await context.grantPermissions(['notifications']);
    // Count what the page asks of the real Web Audio and Notification APIs.
    await page.addInitScript(() => {
      const seen = { oscillators: 0, notifications: [] as string[] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        seen.oscillators += 1;
        return create.call(this);
      };
      const Real = window.Notification;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          seen.notifications.push(`${title}: ${options?.body ?? ''}`);
        }
      } as typeof Notification;
    });
    const [agentUser] = await freshUsers(1, { prefix: 'agent' });
    const agent = await supportAgent(xmppClient, agentUser!);
    const requested = await openHostPage(page, hostServer, {
      body: tag('data-notify="title,sound,desktop"', src).replace(
        'nobody@localhost',
        agentUser!.jid,
      ),
    });
    const visitor = await agent.nextVisitor();
    const seen = () =>
      page.evaluate(
        () =>
          (window as unknown as { seen: { oscillators: number; notifications: string[] } }).seen,
      );

    // The first click is the gesture that allows sound; then the panel is closed again.
    await widget(page).locator('[part="launcher"]').click();
    await widget(page).locator('[part="launcher"]').click();
    await expect(widget(page)).not.toHaveAttribute('open');
    await agent.say(visitor, 'Are you still there?');
    await expect(page).toHaveTitle('(1) Host page');
    await expect(widget(page).locator('[part="launcher-unread"]')).toHaveText('1');
    await expect.poll(seen).toMatchObject({
      notifications: ['Support: Are you still there?'],
    });
    expect((await seen()).oscillators).toBeGreaterThanOrEqual(2);

    // Reading it clears the title.
    await widget(page).locator('[part="launcher"]').click();
    await expect(page).toHaveTitle('Host page');
    if (src.endsWith('loader.js')) {
      // The loader's module fetched the notifications' code because the page asked for them.
      expect(requested).toContainEqual(
        expect.stringMatching(/^\/chatlet\/chatlet-notify-opt-in-[\w-]+\.js$/),
      );
    }
  });
}
