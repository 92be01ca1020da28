// Embed figures for `npm run bench`: gzip sizes of the loader and the full bundle, time from
// the loader's start to the launcher on screen, and from the first click to a usable support
// conversation (anonymous visitor, the project's own Prosody, the built files from dist/); and
// what the loader path really fetches for three kinds of page (`loaderPathFigures`, also
// printed by `npm run size`).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startProsody } from '../demo/server/prosody.mjs';

const gzipBytes = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Serves dist/ under /chatlet/ and host pages: `pages` maps a path to its HTML. */
function serve(dist, pages) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const page = typeof pages === 'string' ? (path === '/' ? pages : undefined) : pages[path];
    if (page !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(page);
    }
    try {
      const body = readFileSync(join(dist, path.replace(/^\/chatlet\//, '')));
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * @param {import('playwright').Browser} browser
 * @param {string} root the project folder (dist/ is built)
 */
export async function embedFigures(browser, root, runs = 5) {
  const dist = join(root, 'dist');
  const prosody = await startProsody({ dir: join(root, '.run', 'bench-prosody'), quiet: true });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title>
<link rel="icon" href="data:,"></head><body><h1>Shop</h1>
<script src="/chatlet/chatlet-loader.js" data-service="${prosody.service}" data-domain="${prosody.guestDomain}"
  data-anonymous data-support="support@${prosody.domain}" data-load="interaction"></script></body></html>`;
  const server = await serve(dist, page);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const launcher = [];
  const clickToChat = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(url);
      await tab.waitForFunction(
        () => performance.getEntriesByName('chatlet:launcher-painted').length,
      );
      launcher.push(
        await tab.evaluate(
          () =>
            performance.getEntriesByName('chatlet:launcher-painted')[0].startTime -
            performance.getEntriesByName('chatlet:loader-start')[0].startTime,
        ),
      );
      await tab.evaluate(() => {
        document.addEventListener('click', () => performance.mark('bench:click'), {
          capture: true,
          once: true,
        });
      });
      await tab.locator('chatlet-loader [part="launcher"]').click();
      // Usable: the composer is on screen and the session is online.
      await tab.waitForFunction(
        () => {
          const pane = document
            .querySelector('chatlet-widget')
            ?.shadowRoot?.querySelector('chatlet-chat-pane');
          const input = pane?.shadowRoot?.querySelector('textarea');
          return (
            input?.checkVisibility() &&
            window.Chatlet?.defaultSession.value?.status.value === 'online'
          );
        },
        undefined,
        { polling: 'raf', timeout: 15_000 },
      );
      clickToChat.push(
        await tab.evaluate(
          () => performance.now() - performance.getEntriesByName('bench:click')[0].startTime,
        ),
      );
      await context.close();
    }
  } finally {
    server.close();
    await prosody.stop();
  }
  const round = (n) => Math.round(n * 10) / 10;
  return {
    loaderGzipBytes: gzipBytes(join(dist, 'chatlet-loader.js')),
    fullGzipBytes: gzipBytes(join(dist, 'chatlet.iife.js')),
    launcherPaintedMs: round(median(launcher)),
    clickToSupportChatMs: round(median(clickToChat)),
    runs,
  };
}

/** A host page with the loader and `attributes`, which loads at the first click. */
const loaderPage = (attributes) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bench</title><link rel="icon" href="data:,"></head><body><h1>Site</h1>
<script src="/chatlet/chatlet-loader.js" ${attributes} data-load="interaction"></script></body></html>`;

/** Resolves when the page is `online` with the widget's `ready` selector visible. */
function usable(tab, ready) {
  return tab.waitForFunction(
    (selector) => {
      let node = document.querySelector('chatlet-widget');
      for (const part of selector.split(' >> '))
        node = (node?.shadowRoot ?? node)?.querySelector(part);
      return (
        node?.checkVisibility() && window.Chatlet?.defaultSession.value?.status.value === 'online'
      );
    },
    ready,
    { polling: 'raf', timeout: 15_000 },
  );
}

/**
 * What the loader path fetches, measured in Chromium against the project's Prosody: every
 * JavaScript and CSS response of the page, from the first paint through a click on the bubble
 * to the chat in use, and what it sums to at gzip -9 (zlib, as `npm run size`). Three pages:
 * `supportAgent` (a visitor and an agent's JID), `supportRoom` (a visitor in a room),
 * `intranet` (an account logs in; the widget shows its contact list).
 * @param {import('playwright').Browser} browser
 * @param {string} root the project folder (dist/ is built)
 */
export async function loaderPathFigures(browser, root) {
  const dist = join(root, 'dist');
  const prosody = await startProsody({ dir: join(root, '.run', 'bench-loader-path'), quiet: true });
  const service = `data-service="${prosody.service}"`;
  const pages = {
    '/support-agent': loaderPage(
      `${service} data-domain="${prosody.guestDomain}" data-anonymous data-support="support@${prosody.domain}"`,
    ),
    '/support-room': loaderPage(
      `${service} data-domain="${prosody.guestDomain}" data-anonymous data-support-room="support@${prosody.mucDomain}"`,
    ),
    '/intranet': loaderPage(`${service} data-domain="${prosody.domain}"`),
  };
  const server = await serve(dist, pages);
  const base = `http://127.0.0.1:${server.address().port}`;
  const figures = {};
  try {
    for (const path of Object.keys(pages)) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const bodies = [];
      tab.on('response', (response) => {
        if (/\.(m?js|css)$/.test(new URL(response.url()).pathname)) {
          bodies.push(response.body().then((body) => [new URL(response.url()).pathname, body]));
        }
      });
      await tab.goto(base + path);
      await tab.locator('chatlet-loader [part="launcher"]').click();
      if (path === '/intranet') {
        const widget = tab.locator('chatlet-widget');
        await widget.getByLabel('Address').fill(`alice@${prosody.domain}`);
        await widget.getByLabel('Password').fill('alice-demo');
        await widget.getByRole('button', { name: 'Log in' }).click();
        await usable(tab, 'chatlet-contact-list >> [part="contact"]');
      } else {
        await usable(tab, 'chatlet-chat-pane >> textarea');
      }
      // Whatever the page goes on to fetch by itself (a chunk on its way) is counted too.
      await tab.waitForLoadState('networkidle');
      const files = await Promise.all(bodies);
      await context.close();
      figures[path.slice(1).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = {
        gzipBytes: files.reduce((sum, [, body]) => sum + gzipSync(body, { level: 9 }).length, 0),
        files: files.map(([name]) => name.replace(/^\/chatlet\//, '')),
      };
    }
  } finally {
    server.close();
    await prosody.stop();
  }
  return figures;
}
