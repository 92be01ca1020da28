// Embed figures for `npm run bench`: gzip sizes of the loader and the full bundle, time from
// the loader's start to the launcher on screen, and from the first click to a usable support
// conversation (anonymous visitor, the project's own Prosody, the built files from dist/).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startProsody } from '../demo/server/prosody.mjs';

const gzipBytes = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Serves dist/ under /chatlet/ and one host page at /. */
function serve(dist, page) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') {
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
<script src="/chatlet/chatlet-loader.js" data-service="${prosody.service}" data-domain="${prosody.anonDomain}"
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
