// Continuity figures for `npm run bench`: over 20 navigations between two pages of a site
// with the built classic script (dist/chatlet.iife.js), the median time from navigation start
// to (a) the cached UI ready to paint and (b) the session resumed — the project's Prosody
// with FAST, alice logged in once with her password.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startProsody } from '../demo/server/prosody.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n) => Math.round(n * 10) / 10;

/**
 * @param {import('playwright').Browser} browser
 * @param {string} root the project folder (dist/ is built)
 */
export async function continuityFigures(browser, root, navigations = 20) {
  const prosody = await startProsody({ dir: join(root, '.run', 'bench-continuity'), quiet: true });
  const script = readFileSync(join(root, 'dist', 'chatlet.iife.js'));
  const page = (title) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title><link rel="icon" href="data:,"></head><body><h1>${title}</h1>
<script src="/chatlet.iife.js" data-service="${prosody.service}" data-domain="${prosody.domain}"
  data-widget></script></body></html>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/chatlet.iife.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      return response.end(script);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(path === '/' ? 'Home' : 'People'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const cached = [];
  const cachedAfterScript = [];
  const resumed = [];
  let resumes = 0;
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    if (process.env.BENCH_DEBUG) tab.on('console', (m) => console.error('[page]', m.text()));
    tab.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        if (String(payload).includes('<resume')) resumes += 1;
      }),
    );
    await tab.goto(`${base}/`);
    const widget = tab.locator('chatlet-widget');
    await widget.locator('[part="launcher"]').click();
    await widget.getByLabel('Address').fill(`alice@${prosody.domain}`);
    await widget.getByLabel('Password').fill('alice-demo');
    await widget.getByRole('button', { name: 'Log in' }).click();
    await widget.locator('chatlet-contact-list').waitFor();
    // Resumable from here on: the session's XEP-0198 state has been saved for the next page.
    // (localStorage when the tabs share the session, as here; sessionStorage otherwise.)
    await tab.waitForFunction(() =>
      [localStorage, sessionStorage].some((s) => s.getItem('chatlet:sm:alice@localhost')),
    );
    for (let i = 0; i < navigations; i++) {
      await tab.goto(`${base}/${i % 2 ? '' : 'people'}`);
      await tab
        .waitForFunction(() => performance.getEntriesByName('chatlet:online').length, null, {
          timeout: 15_000,
        })
        .catch(async (error) => {
          const why = await tab.evaluate(() => {
            const session = window.Chatlet?.defaultSession.value;
            return `status ${session?.status.value}, error ${session?.error.value}`;
          });
          throw new Error(`navigation ${i} did not resume (${why})`, { cause: error });
        });
      const marks = await tab.evaluate(() => {
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        return {
          script: at('chatlet:script-start'),
          cached: at('chatlet:cached'),
          online: at('chatlet:online'),
        };
      });
      cached.push(marks.cached);
      cachedAfterScript.push(marks.cached - marks.script);
      resumed.push(marks.online);
    }
  } finally {
    await context.close();
    server.close();
    await prosody.stop();
  }
  return {
    navigations,
    resumedSessions: resumes,
    fast: prosody.fast ?? null,
    navigationToCachedUiMs: round(median(cached)),
    scriptStartToCachedUiMs: round(median(cachedAfterScript)),
    navigationToResumedMs: round(median(resumed)),
  };
}
