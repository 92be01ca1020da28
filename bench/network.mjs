// Network figures for `npm run bench`, against the project's Prosody, with the built
// dist/chatlet.js in headless Chromium and a TCP proxy (net-proxy.mjs) between them:
//
// - restore → acked: the network dies (blackhole + cut) while 50 messages are queued; the
//   time from the network coming back to the server having acknowledged all of them.
// - catch-up: 2,000 messages archived while the page was closed (alice's phone was online,
//   so none waits in offline storage); the time from the fresh session being online to all
//   of them in the conversation, fetched from the archive (XEP-0313).
//
// Measures, never asserts. Returns the figures; run.mjs prints them.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { client, xml } from '@xmpp/client';
import { demoPassword } from '../demo/server/accounts.mjs';
import { startNetProxy } from '../demo/server/net-proxy.mjs';
import '../demo/server/node-websocket.mjs';
import { startProsody } from '../demo/server/prosody.mjs';

const QUEUED = 50;
const ARCHIVED = 2000;
const RUNS = 5;

const PAGE = `<!doctype html><meta charset="utf-8"><title>network bench</title>
<script type="module">
  import { connect } from './chatlet.js';
  let session;
  window.bench = {
    async login(options) {
      session = await connect(options);
      return session.status.value;
    },
    status: () => session.status.value,
    async queue(peer, n, prefix) {
      const chat = session.conversation(peer);
      for (let i = 0; i < n; i++) await chat.send(prefix + ' ' + i);
    },
    /** Resolves with Date.now() when nothing outgoing to peer is pending any more. */
    allAcked(peer) {
      return new Promise((resolve) => {
        const check = () => {
          const pending = session.store.conversations
            .get(peer)
            ?.messages.value.some((m) => m.direction === 'out' && m.state === 'pending');
          if (pending) setTimeout(check, 2);
          else resolve(Date.now());
        };
        check();
      });
    },
    /** Logs in; resolves with when it was online and when \`count\` messages from peer were in. */
    async catchUp(options, peer, count) {
      const start = performance.now();
      session = await connect(options);
      const online = performance.now();
      return new Promise((resolve) => {
        const check = () => {
          const n = session.store.conversations
            .get(peer)
            ?.messages.value.filter((m) => m.direction === 'in').length ?? 0;
          if (n >= count) resolve({ login: online - start, catchUp: performance.now() - online, n });
          else setTimeout(check, 2);
        };
        check();
      });
    },
  };
</script>`;

function serve(root) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/chatlet.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(readFileSync(join(root, 'dist', 'chatlet.js')));
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(PAGE);
    } else response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function nodeClient(prosody, user, resource) {
  const entity = client({
    service: prosody.service,
    domain: prosody.domain,
    username: user,
    password: demoPassword(user),
    resource,
  });
  entity.on('error', () => {});
  await entity.start();
  await entity.send(xml('presence'));
  return entity;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs both measurements with `browser` (a Playwright Chromium). */
export async function measureNetwork(browser, root) {
  const prosody = await startProsody({ quiet: true });
  const proxy = await startNetProxy(prosody.httpPort);
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const alice = { service: proxy.service, jid: 'alice@localhost' };
  const bob = 'bob@localhost';
  try {
    const context = await browser.newContext();
    let page = await context.newPage();
    await page.goto(base);
    await page.waitForFunction(() => 'bench' in window);
    await page.evaluate((o) => window.bench.login(o), {
      ...alice,
      password: demoPassword('alice'),
    });

    const restoreToAcked = [];
    for (let run = 0; run < RUNS; run++) {
      proxy.blackhole();
      proxy.cut();
      await page.waitForFunction(() => window.bench.status() === 'reconnecting');
      await page.evaluate(
        ([peer, n, p]) => window.bench.queue(peer, n, p),
        [bob, QUEUED, `r${run}`],
      );
      // The page is now trying to reach the server, and waiting.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const acked = page.evaluate((peer) => window.bench.allAcked(peer), bob);
      const restored = Date.now();
      proxy.restore();
      restoreToAcked.push((await acked) - restored);
    }

    // 2,000 messages while the page is closed; alice's phone is online, so they are archived
    // and delivered there, not kept as offline messages.
    await page.close();
    const phone = await nodeClient(prosody, 'alice', 'phone');
    const sender = await nodeClient(prosody, 'bob', 'bench');
    for (let i = 0; i < ARCHIVED; i++) {
      await sender.send(
        xml(
          'message',
          { to: 'alice@localhost', type: 'chat', id: `a${i}` },
          xml('body', {}, `archived ${i}`),
        ),
      );
    }
    // Every one stored before the page comes back: ask the archive how many it has.
    await sender.iqCaller.request(
      xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    page = await context.newPage();
    page.on('crash', () => console.error('bench page crashed'));
    page.on('close', () => console.error('bench page closed'));
    await page.goto(base);
    await page.waitForFunction(() => 'bench' in window);
    const catchUp = await page.evaluate(
      ([o, peer, n]) => window.bench.catchUp(o, peer, n),
      [alice, bob, ARCHIVED],
    );
    await phone.stop().catch(() => {});
    await sender.stop().catch(() => {});
    await context.close();
    const round = (n) => Math.round(n);
    return {
      restoreToAllAckedMs: {
        queued: QUEUED,
        median: round(median(restoreToAcked)),
        runs: restoreToAcked.map(round),
      },
      catchUpArchived: {
        messages: catchUp.n,
        loginMs: round(catchUp.login),
        catchUpMs: round(catchUp.catchUp),
      },
    };
  } finally {
    server.close();
    await proxy.close();
    await prosody.stop();
  }
}
