// Host pages that try hard to break the widget: aggressive global CSS, and a strict
// Content-Security-Policy with Trusted Types. The agent is a real second client.
import type { Page } from '@playwright/test';
import { xml } from '@xmpp/client';
import { supportAgent } from './agent';
import { expect, nextStanza, openHostPage, test } from './host-page';

const supportTag = (agent: string, src = '/chatlet/chatlet.iife.js') =>
  `<script src="${src}" data-service="{{service}}" data-domain="anon.localhost" data-anonymous
    data-support="${agent}" data-greeting="Hello! How can we help?" data-widget></script>`;

/** Page content kept to the left, away from the widget's corner. */
const CONTENT = `<main><h1>Acme</h1><p>Products, prices and a lot of text.</p>
  <div class="promo">Sale!</div><button>Buy</button></main>`;

/** The CSS a hostile (or just careless) site might have. */
const HOSTILE_CSS = `
* { all: unset; }
html { font-size: 40px !important; }
body, body * { font: italic 900 32px/3 "Comic Sans MS", serif !important; color: #f0f !important;
  letter-spacing: 4px !important; text-transform: uppercase !important; }
div, section, span, button, header, form { display: none !important; }
chatlet-widget, chatlet-widget *, chatlet-loader, chatlet-loader * { position: static !important; display: inline !important;
  width: 10px !important; height: 10px !important; transform: scale(0.2) !important;
  opacity: 0.1 !important; z-index: -1 !important; margin: 300px !important; }
main { display: block !important; position: relative; z-index: 2147483647 !important; width: 40vw; }
svg { width: 400px !important; height: 400px !important; fill: red !important; }
`;

/** The part of the viewport the widget may paint: the bottom-right corner. */
async function cornerShot(page: Page): Promise<Buffer> {
  await page.mouse.move(0, 0);
  const size = page.viewportSize()!;
  const width = 440;
  const height = 680;
  return page.screenshot({
    animations: 'disabled',
    clip: { x: size.width - width, y: size.height - height, width, height },
  });
}

/** Share of pixels that differ noticeably between two PNGs, compared in the browser. */
async function difference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([first, second]) => {
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const [x, y] = await Promise.all([decode(first), decode(second)]);
      if (x.length !== y.length) return 1;
      let differing = 0;
      for (let i = 0; i < x.length; i += 4) {
        const delta =
          Math.abs(x[i]! - y[i]!) +
          Math.abs(x[i + 1]! - y[i + 1]!) +
          Math.abs(x[i + 2]! - y[i + 2]!);
        if (delta > 48) differing += 1;
      }
      return differing / (x.length / 4);
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

/** Opens the widget and waits until the support conversation is ready and still. */
async function openSupport(page: Page): Promise<void> {
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  await expect(widget.locator('chatlet-chat-pane [part="greeting"]')).toBeVisible();
  // Connected, agent known to be there: no status line, header says Available.
  await expect(widget.locator('[part="status"]')).toHaveCount(0);
  await expect(widget.locator('chatlet-chat-pane .status')).toHaveText('Available');
}

test('aggressive host CSS changes neither how the widget looks nor where it sits', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  await supportAgent(xmppClient, agentUser!);
  await page.setViewportSize({ width: 1100, height: 760 });

  await openHostPage(page, hostServer, { body: CONTENT + supportTag(agentUser!.jid) });
  await expect(page.locator('chatlet-widget [part="launcher"]')).toBeVisible();
  const blankClosed = await cornerShot(page);
  await openSupport(page);
  const blankOpen = await cornerShot(page);

  // A stylesheet file, not a <style>: \`all: unset\` would show a <style>'s text on the page.
  hostServer.file('/hostile.css', HOSTILE_CSS, 'text/css');
  await openHostPage(page, hostServer, {
    head: '<link rel="stylesheet" href="/hostile.css">',
    body: CONTENT + supportTag(agentUser!.jid),
  });
  // The hostile CSS is really in force on the page.
  expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontSize)).toBe('32px');
  await expect(page.locator('chatlet-widget [part="launcher"]')).toBeVisible();
  const hostileClosed = await cornerShot(page);
  await openSupport(page);
  const hostileOpen = await cornerShot(page);

  if (process.env.CHATLET_SHOTS) {
    const { writeFileSync } = await import('node:fs');
    const shots = { blankClosed, blankOpen, hostileClosed, hostileOpen };
    for (const [name, shot] of Object.entries(shots)) writeFileSync(`.run/${name}.png`, shot);
  }
  // The same pixels, give or take anti-aliasing at the edges.
  expect(await difference(page, blankClosed, hostileClosed)).toBeLessThan(0.005);
  expect(await difference(page, blankOpen, hostileOpen)).toBeLessThan(0.005);
  // …and the comparison can tell a change: closed and open differ a lot.
  expect(await difference(page, blankClosed, blankOpen)).toBeGreaterThan(0.05);
});

const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "require-trusted-types-for 'script'",
  // lit's policy only: the loader imports a module, which is no Trusted Types sink.
  'trusted-types lit-html',
].join('; ');

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
    );
  });
  return () =>
    page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

for (const [name, src] of [
  ['the classic script', '/chatlet/chatlet.iife.js'],
  ['the loader', '/chatlet/chatlet-loader.js'],
] as const) {
  test(`the full support flow under a strict CSP with Trusted Types, with ${name}`, async ({
    page,
    hostServer,
    freshUsers,
    xmppClient,
  }) => {
    const [agentUser] = await freshUsers(1, { prefix: 'agent' });
    const agent = (await supportAgent(xmppClient, agentUser!)).client;
    const violations = await watchViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openHostPage(page, hostServer, {
      headers: { 'content-security-policy': STRICT_CSP },
      body: CONTENT + supportTag(agentUser!.jid, src),
    });
    // The policy is in force: writing script text without Trusted Types throws, and is reported.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('script').textContent = 'window.inlineRan = true';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    await expect.poll(violations).toHaveLength(1);

    const widget = page.locator('chatlet-widget, chatlet-loader').first();
    await widget.locator('[part="launcher"]').click();
    const input = page.locator('chatlet-widget chatlet-chat-pane [part="input"]');
    await expect(input).toBeVisible();
    const received = nextStanza(agent, (s) => s.is('message') && !!s.getChildText('body'), 10_000);
    await input.fill('Is this safe?');
    await input.press('Enter');
    const question = await received;
    await agent.send(
      xml('message', { to: question.attrs['from'], type: 'chat' }, xml('body', {}, 'Very.')),
    );
    const messages = page.locator('chatlet-widget chatlet-chat-pane [part="message"]');
    await expect(messages.last()).toContainText('Very.');
    const download = page.waitForEvent('download');
    await page
      .locator('chatlet-widget')
      .getByRole('button', { name: 'Download transcript' })
      .click();
    await download;
    await page
      .locator('chatlet-widget')
      .getByRole('button', { name: 'Close chat' })
      .first()
      .click();

    expect(await violations()).toEqual([expect.stringMatching(/^require-trusted-types-for/)]);
    expect(errors).toEqual([]);
  });
}

test('aggressive host CSS does not move or restyle the loader’s bubble either', async ({
  page,
  hostServer,
}) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  const loader = `<script src="/chatlet/chatlet-loader.js" data-service="{{service}}" data-load="interaction"></script>`;
  await openHostPage(page, hostServer, { body: CONTENT + loader });
  await expect(page.locator('chatlet-loader [part="launcher"]')).toBeVisible();
  const blank = await cornerShot(page);
  hostServer.file('/hostile.css', HOSTILE_CSS, 'text/css');
  await openHostPage(page, hostServer, {
    head: '<link rel="stylesheet" href="/hostile.css">',
    body: CONTENT + loader,
  });
  await expect(page.locator('chatlet-loader [part="launcher"]')).toBeVisible();
  const hostile = await cornerShot(page);
  expect(await difference(page, blank, hostile)).toBeLessThan(0.005);
});
