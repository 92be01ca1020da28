#!/usr/bin/env node
// `npm run demo`: Prosody on 127.0.0.1:5380 with the demo accounts, then the vite dev server
// on http://127.0.0.1:5173 (which proxies /xmpp-websocket to Prosody). Ctrl-C stops both.
// Options: --port N (web, default 5173), --xmpp-port N (Prosody HTTP, default 5380), --verbose.

import { join } from 'node:path';
import { DEMO_ACCOUNTS, demoWithFriends, EXTRA_FRIENDS } from './accounts.mjs';
import { RUN_DIR, startProsody } from './prosody.mjs';
import { startVite } from './vite.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const verbose = args.includes('--verbose');

/** @type {Awaited<ReturnType<typeof startProsody>> | undefined} */
let prosody;
/** @type {Awaited<ReturnType<typeof startVite>> | undefined} */
let vite;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(code || 1), 8000);
  timer.unref();
  try {
    await vite?.close();
  } catch {}
  try {
    await prosody?.stop();
  } catch {}
  process.exit(code);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

try {
  const demo = demoWithFriends();
  prosody = await startProsody({
    dir: join(RUN_DIR, 'demo'),
    httpPort: option('--xmpp-port', 5380),
    accounts: demo.accounts,
    rosters: demo.rosters,
    quiet: !verbose,
  });
  prosody.exited().then((how) => {
    if (stopping) return;
    console.error(`\nProsody exited unexpectedly (${JSON.stringify(how)}):\n${prosody?.logTail()}`);
    shutdown(1);
  });
  vite = await startVite({
    prosodyHttpPort: prosody.httpPort,
    port: option('--port', 5173),
    quiet: !verbose,
    dev: true,
  });
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.user.length));
  console.log(`
  Chatlet demo

  Open:      ${vite.baseURL}/
  XMPP:      ${vite.service}  (proxied to Prosody ${prosody.service})
  Domains:   ${prosody.domain}  ·  ${prosody.anonDomain} (anonymous)  ·  ${prosody.guestDomain} (sign-up)
  FAST:      ${prosody.fast ? 'on (SASL2 + XEP-0484 tokens)' : 'off'}

  Accounts (on ${prosody.domain}):
${DEMO_ACCOUNTS.map((a) => `    ${a.user.padEnd(width)}  password ${a.password}`).join('\n')}
    …and ${EXTRA_FRIENDS.length} more (${EXTRA_FRIENDS.slice(0, 3).join(', ')}, …), password <name>-demo

  Rosters: alice ↔ bob ↔ dave (Team); alice, bob, carol ↔ support; alice & bob ↔ 15 colleagues (Wider company).
  carol is not in alice's roster: add her from alice's window.

  Prosody log: ${prosody.logPath}
  Ctrl-C to stop.
`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}
