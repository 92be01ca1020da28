#!/usr/bin/env node
// `npm run bench`: measures, never asserts. Prints one JSON line of figures: bundle sizes (and
// what the loader path fetches for three kinds of page),
// the long lists (lists.html), and the network figures of network.mjs (Prosody).
// Expects `npm run build` to have made dist/ (the npm script does it first).
// `node bench/run.mjs lists` measures the long lists only (no Prosody needed).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../demo/server/chromium.mjs';
import { measureNetwork } from './network.mjs';
import { continuityFigures } from './continuity.mjs';
import { embedFigures, loaderPathFigures } from './embed.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.run', 'bench-dist');

const gzipBytes = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Serves a folder on a free loopback port. */
function serve(folder) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    try {
      const body = readFileSync(join(folder, path === '/' ? 'lists.html' : path));
      response.writeHead(200, {
        'content-type': types[extname(path)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

await build({
  root: join(ROOT, 'bench'),
  configFile: false,
  logLevel: 'warn',
  base: './',
  build: {
    outDir: OUT,
    emptyOutDir: true,
    rolldownOptions: { input: join(ROOT, 'bench', 'lists.html') },
  },
});

const server = await serve(OUT);
const launch = () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
// Each group of figures in a browser of its own: the lists' 15,000 rows slow the pages measured
// after them, and the pages against Prosody leave work behind that slows the lists.
let browser = await launch();
try {
  const listsOnly = process.argv[2] === 'lists';
  const network = listsOnly ? {} : await measureNetwork(browser, ROOT);
  const embed = listsOnly ? {} : await embedFigures(browser, ROOT);
  const continuity = listsOnly ? undefined : await continuityFigures(browser, ROOT);
  const loaderPath = listsOnly ? undefined : await loaderPathFigures(browser, ROOT);
  await browser.close();
  browser = await launch();
  const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/lists.html`);
  await page.waitForFunction(() => 'chatletBench' in window);
  // Warm the page once so figures measure the elements, not first-time module evaluation.
  await page.evaluate(() => window.chatletBench.contactList(50));
  const contacts = await page.evaluate(() => window.chatletBench.contactList(5000));
  const messages = await page.evaluate(() => window.chatletBench.chatPane(10000));
  const round = (n) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({
      iifeGzipBytes: gzipBytes(join(ROOT, 'dist', 'chatlet.iife.js')),
      esmGzipBytes: gzipBytes(join(ROOT, 'dist', 'chatlet.js')),
      loaderGzipBytes: embed.loaderGzipBytes,
      // What the loader path fetches (JS + CSS, gzip -9 each) until the chat is in use.
      loaderPathGzipBytes: loaderPath && {
        supportAgent: loaderPath.supportAgent.gzipBytes,
        supportRoom: loaderPath.supportRoom.gzipBytes,
        intranet: loaderPath.intranet.gzipBytes,
      },
      embed: {
        launcherPaintedMs: embed.launcherPaintedMs,
        clickToSupportChatMs: embed.clickToSupportChatMs,
        runs: embed.runs,
      },
      contactList5000: {
        firstPaintMs: round(contacts.firstPaint),
        longestTaskWhileScrollingMs: round(contacts.longestTaskWhileScrolling),
        longestFrameWhileScrollingMs: round(contacts.longestFrameWhileScrolling),
        scrolledFrames: contacts.scrolledFrames,
      },
      chatPane10000: {
        firstPaintMs: round(messages.firstPaint),
        longestTaskWhileScrollingMs: round(messages.longestTaskWhileScrolling),
        longestFrameWhileScrollingMs: round(messages.longestFrameWhileScrolling),
        scrolledFrames: messages.scrolledFrames,
      },
      ...network,
      continuity,
    }),
  );
} finally {
  await browser.close();
  server.close();
}
