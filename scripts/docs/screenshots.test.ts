// The README's screenshots of each mode, taken on a realistic host page.
import type { Page } from '@playwright/test';
import { xml } from '@xmpp/client';
import { roomAgent, supportAgent } from '../../test/e2e/agent';
import { expect, openHostPage, test } from '../../test/e2e/host-page';

const SHOP = `<style>
  body { margin: 0; font: 16px/1.6 Georgia, serif; color: #1f2937; background: #faf7f2; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 18px 48px;
    background: #fff; border-bottom: 1px solid #eadfce; }
  header b { font: 700 22px system-ui, sans-serif; letter-spacing: -0.5px; color: #7c2d12; }
  nav a { margin-left: 24px; color: #57534e; text-decoration: none; font: 15px system-ui, sans-serif; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 48px; padding: 48px; max-width: 1000px; }
  .photo { height: 360px; border-radius: 18px; background: linear-gradient(135deg, #fed7aa, #fb923c 60%, #c2410c); }
  h1 { margin: 0 0 8px; font-size: 36px; }
  .price { font: 600 24px system-ui, sans-serif; color: #7c2d12; }
  button.buy { margin-top: 16px; padding: 12px 28px; border: 0; border-radius: 999px; background: #7c2d12;
    color: #fff; font: 600 16px system-ui, sans-serif; }
</style>
<header><b>Terracotta &amp; Co.</b><nav><a href="#">Shop</a><a href="#">Journal</a><a href="#">Help</a></nav></header>
<main><div class="photo"></div><div><h1>Handmade clay teapot</h1>
<p>Thrown by hand in our Lisbon studio. Holds 600 ml; keeps tea warm for an hour.</p>
<div class="price">€ 64</div><button class="buy">Add to basket</button></div></main>`;

const script = (agent: string, extra: string) =>
  `<script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="guest.localhost"
    data-anonymous data-support="${agent}" data-widget ${extra}></script>`;

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `docs/${name}.png`, animations: 'disabled' });
}

test('support mode: a visitor and an agent', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = await supportAgent(xmppClient, agentUser!);
  await openHostPage(page, hostServer, {
    body:
      SHOP +
      script(agentUser!.jid, 'data-greeting="Hi! Questions about an order or a piece? Ask away."'),
  });
  const visitor = agent.nextVisitor();
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  const input = widget.locator('chatlet-chat-pane [part="input"]');
  await input.fill('Is the teapot dishwasher safe?');
  await input.press('Enter');
  await agent.say(
    await visitor,
    'Hand-wash only, I am afraid — the glaze lasts much longer that way.',
  );
  await agent.say(await visitor, 'It ships tomorrow if you order today.');
  await expect(widget.locator('chatlet-chat-pane [part="message"]')).toHaveCount(3);
  await shot(page, 'support');
});

test('support in a room: the help channel, with agents by name', async ({
  page,
  hostServer,
  server,
  freshUsers,
  xmppClient,
}) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  const [sam, kim] = await freshUsers(2, { prefix: 'agent' });
  const room = await server.prosody.createRoom(`help${Date.now().toString(36)}`, {
    members: [sam!.jid, kim!.jid],
    title: 'Terracotta help desk',
  });
  const first = await roomAgent(xmppClient, sam!, room, 'Sam');
  const second = await roomAgent(xmppClient, kim!, room, 'Kim');
  await openHostPage(page, hostServer, {
    body:
      SHOP +
      `<script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="guest.localhost"
        data-anonymous data-support-room="${room}" data-widget
        data-greeting="Hi! This is our help channel — someone from the studio is usually here."></script>`,
  });
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  const input = widget.locator('chatlet-chat-pane [part="input"]');
  const asked = first.nextMessage();
  await input.fill('Do you ship the teapot to Canada?');
  await input.press('Enter');
  await asked;
  await first.say('We do! Shipping to Canada takes about a week.');
  await second.say('And it comes double-boxed, so it arrives in one piece.');
  await expect(widget.locator('chatlet-chat-pane [part="message"]')).toHaveCount(3);
  await shot(page, 'support-room');
});

test('support mode on a phone: the pre-chat form, full screen', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  await page.setViewportSize({ width: 390, height: 760 });
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  await supportAgent(xmppClient, agentUser!);
  await openHostPage(page, hostServer, {
    body:
      SHOP +
      script(
        agentUser!.jid,
        'data-prechat="name,email,question" data-greeting="Hi! We usually answer within minutes." data-accent="#7c2d12"',
      ),
  });
  await page.locator('chatlet-widget [part="launcher"]').click();
  await expect(page.locator('chatlet-widget [part="prechat"]')).toBeVisible();
  await shot(page, 'support-prechat');
});

test('support away, dark', async ({ page, hostServer, freshUsers }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  await openHostPage(page, hostServer, {
    body:
      SHOP.replace('background: #faf7f2', 'background: #1c1917; color: #e7e5e4').replace(
        'background: #fff; border-bottom: 1px solid #eadfce',
        'background: #0c0a09; border-bottom: 1px solid #292524',
      ) +
      script(
        agentUser!.jid,
        'data-greeting="Hello! How can we help?" data-hours="We answer Monday to Friday, 9:00–18:00 (Lisbon time)."',
      ),
  });
  await page.locator('chatlet-widget [part="launcher"]').click();
  await expect(page.locator('chatlet-widget [part="away"]')).toBeVisible({ timeout: 10_000 });
  await shot(page, 'support-away-dark');
});

test('intranet: badges, a contact list and a chat pane placed on the page', async ({
  page,
  xmppClient,
}) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  // The demo page on the worker's vite server, with the demo accounts.
  const bob = await xmppClient('bob');
  await bob.send(xml('presence', {}, xml('show', {}, 'away'), xml('status', {}, 'at lunch')));
  await xmppClient('support');
  await page.goto('/demo/intranet.html');
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  await widget.getByLabel('Address').fill('alice');
  await widget.getByLabel('Password').fill('alice-demo');
  await widget.getByRole('button', { name: 'Log in' }).click();
  await expect(widget.locator('chatlet-contact-list')).toBeVisible();
  await widget.locator('[part="launcher"]').click();
  await bob.send(
    xml(
      'message',
      { to: 'alice@localhost', type: 'chat' },
      xml('body', {}, 'Back at two — shall we go over the roadmap then?'),
    ),
  );
  await expect(page.locator('main chatlet-chat-pane [part="message"]')).toHaveCount(1);
  await expect(
    page.locator('main li > chatlet-presence-badge[jid="bob@localhost"]'),
  ).toHaveAttribute('show', 'away');
  await shot(page, 'intranet');
});
