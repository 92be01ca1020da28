#!/usr/bin/env node
// Runs the project's own Prosody (Debian package `prosody`, 0.12) in the foreground, on
// loopback, with a private config and data folder under `.run/`. Never the system service.
//
//   import { startProsody } from './prosody.mjs';
//   const prosody = await startProsody({ quiet: true });   // free ports, demo accounts
//   ... prosody.service  // ws://127.0.0.1:PORT/xmpp-websocket
//   await prosody.stop();
//
// CLI: `node demo/server/prosody.mjs [--port 5380] [--quiet] [--no-fast]` (Ctrl-C stops it).
//
// FAST (XEP-0484 tokens over SASL2, XEP-0388) is on when Debian's `prosody-modules` can be
// unpacked into `.run/` (prosody-modules.mjs): mod_sasl2 + mod_sasl2_fast, mended for 0.12 by
// prosody-plugins/mod_chatlet_compat.lua. Classic SASL, bind and XEP-0198 enable/resume stay
// as they were (sasl2_bind2 and sasl2_sm do not work on 0.12 and are left out).

import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_ROSTERS, DOMAIN } from './accounts.mjs';
import {
  ensureProsodyModules,
  HOW_TO_GET_FAST,
  PROJECT_PLUGIN_PATH,
  prosodyModulesError,
} from './prosody-modules.mjs';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RUN_DIR = join(PROJECT_ROOT, '.run');

const ANON_DOMAIN = `anon.${DOMAIN}`;
const MUC_DOMAIN = `conference.${DOMAIN}`;
/** The demo's support room; the `support` account owns it. */
const DEMO_ROOM = { name: 'support', owners: [`support@${DOMAIN}`], title: 'Support' };
const GUEST_DOMAIN = `guest.${DOMAIN}`;
/** SCRAM iteration count for seeded accounts and (via default_iteration_count) new ones. */
const ITERATIONS = 4096;
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

const MODULES = [
  'roster',
  'saslauth',
  'disco',
  'carbons',
  'pep',
  'private',
  'vcard_legacy',
  'vcard4',
  'version',
  'uptime',
  'time',
  'ping',
  'register',
  'mam',
  'csi_simple',
  'smacks',
  'websocket',
  'blocklist',
  'bookmarks',
  'offline',
  'admin_shell',
  'posix',
];

/** With FAST: SASL2 + FAST from prosody-modules, and the project's module that mends them. */
const FAST_MODULES = ['sasl2', 'sasl2_fast', 'chatlet_compat'];
/** mod_sasl2_fast's defaults: tokens live 21 days and are replaced when used after 1 day. */
const FAST_TOKEN_TTL = 86400 * 21;
const FAST_TOKEN_ROTATE_AFTER = 86400;

/** A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close). */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** Lua string literal (byte-exact: anything unusual becomes a decimal escape). */
function lua(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let out = '"';
  for (const byte of Buffer.from(String(value), 'utf8')) {
    const c = String.fromCharCode(byte);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (byte < 0x20 || byte === 0x7f) out += `\\${String(byte).padStart(3, '0')}`;
    else out += byte < 0x80 ? c : `\\${byte}`;
  }
  return `${out}"`;
}

/** Prosody's datamanager path encoding: every byte outside [A-Za-z0-9] becomes %xx. */
function pathEncode(value) {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Writes an internal_hashed account (SCRAM-SHA-1 keys, as mod_auth_internal_hashed stores them). */
function writeAccount(dataDir, host, user, password) {
  const salt = randomUUID();
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 20, 'sha1');
  const clientKey = createHmac('sha1', salted).update('Client Key').digest();
  const storedKey = createHash('sha1').update(clientKey).digest('hex');
  const serverKey = createHmac('sha1', salted).update('Server Key').digest('hex');
  const text = `return {
\t["iteration_count"] = ${ITERATIONS};
\t["salt"] = ${lua(salt)};
\t["server_key"] = ${lua(serverKey)};
\t["stored_key"] = ${lua(storedKey)};
};
`;
  writeAtomic(join(dataDir, pathEncode(host), 'accounts', `${pathEncode(user)}.dat`), text);
}

/**
 * Writes a persistent, archived room in mod_muc's storage format, with owners and members (bare
 * JIDs). Prosody reads it when the room is first used, so this works while it runs, for a room
 * it has not loaded yet.
 */
function writeRoom(dataDir, { name, owners = [], members = [], title }) {
  const jid = `${name}@${MUC_DOMAIN}`;
  const affiliations = [
    ...owners.map((o) => `[${lua(o)}] = "owner";`),
    ...members.map((m) => `[${lua(m)}] = "member";`),
  ].join(' ');
  const text = `return {
	["jid"] = ${lua(jid)};
	["_data"] = { ["persistent"] = true; ["archiving"] = true; ["history_length"] = 50;${title ? ` ["name"] = ${lua(title)};` : ''} };
	["_affiliations"] = { ${affiliations} };
	["_affiliation_data"] = {};
};
`;
  writeAtomic(join(dataDir, pathEncode(MUC_DOMAIN), 'config', `${pathEncode(name)}.dat`), text);
  return jid;
}

/** Writes a roster in mod_storage_internal's format (only safe before the server loads it). */
function writeRoster(dataDir, host, user, items) {
  let text = 'return {\n\t[false] = { ["version"] = 1; ["pending"] = {}; };\n';
  for (const item of items) {
    const jid = item.jid.includes('@') ? item.jid : `${item.jid}@${host}`;
    const groups = (item.groups ?? []).map((g) => `[${lua(g)}] = true;`).join(' ');
    text += `\t[${lua(jid)}] = { ["subscription"] = ${lua(item.subscription ?? 'both')}; `;
    if (item.name) text += `["name"] = ${lua(item.name)}; `;
    if (item.ask) text += `["ask"] = ${lua(item.ask)}; `;
    text += `["groups"] = { ${groups} }; };\n`;
  }
  text += '};\n';
  writeAtomic(join(dataDir, pathEncode(host), 'roster', `${pathEncode(user)}.dat`), text);
}

function normalizeAccounts(accounts) {
  if (!accounts) return [];
  if (Array.isArray(accounts)) {
    return accounts.map((a) => {
      const [user, host] = a.user.includes('@') ? a.user.split('@') : [a.user, a.host ?? DOMAIN];
      return { user, host, password: a.password };
    });
  }
  return Object.entries(accounts).map(([user, password]) => {
    const [u, host] = user.includes('@') ? user.split('@') : [user, DOMAIN];
    return { user: u, host, password };
  });
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {}
  }
  return null;
}

function configText({ dataDir, c2sPort, httpPort, logPath, quiet, logLevel, fast, fastOff }) {
  const list = (items) => `{ ${items.map(lua).join(', ')} }`;
  const fastConfig = fast
    ? `-- FAST (XEP-0484): tokens expire ${fast.ttl} s after issue; a token login with a token
-- older than ${fast.rotateAfter} s gets a new one in <success/>.
sasl2_fast_token_ttl = ${fast.ttl}
sasl2_fast_token_min_ttl = ${fast.rotateAfter}
`
    : `-- FAST (XEP-0484) is off: ${fastOff}.
`;
  return `-- Generated by demo/server/prosody.mjs. Do not edit: rewritten on every start.
-- Global section (everything before the first VirtualHost).
run_as_root = true
data_path = ${lua(dataDir)}
pidfile = ${lua(join(dataDir, 'prosody.pid'))}
admin_socket = ${lua(join(dataDir, 'prosody.sock'))}
certificates = ${lua(join(dataDir, 'certs'))}
admins = { }
plugin_paths = ${list(fast ? fast.pluginPaths : [])}

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_interfaces = { "127.0.0.1" }
http_interfaces = { "127.0.0.1" }
https_interfaces = { }
c2s_ports = ${list(c2sPort ? [c2sPort] : [])}
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
s2s_direct_tls_ports = { }
component_ports = { }
http_ports = { ${httpPort} }
https_ports = { }
http_default_host = ${lua(DOMAIN)}

modules_enabled = ${list(fast ? [...MODULES, ...FAST_MODULES] : MODULES)}
modules_disabled = { "s2s", "tls", "dialback", "limits" }

authentication = "internal_hashed"
default_iteration_count = ${ITERATIONS}
storage = "internal"
allow_registration = false
c2s_require_encryption = false
s2s_require_encryption = false
consider_websocket_secure = true
smacks_hibernation_time = 60
archive_expires_after = "never"
default_archive_policy = true
max_archive_query_results = 250
-- mod_limits is not loaded (no rate limits); this is what it would use if it were.
limits = { c2s = { rate = "100mb/s"; burst = "10s"; } }
statistics = nil
${fastConfig}
log = {
  { levels = { min = ${lua(logLevel)} }; to = "file"; filename = ${lua(logPath)}; };
${quiet ? '' : `  { levels = { min = ${lua(logLevel)} }; to = "console"; };\n`}}

VirtualHost ${lua(DOMAIN)}
  authentication = "internal_hashed"

VirtualHost ${lua(ANON_DOMAIN)}
  authentication = "anonymous"

VirtualHost ${lua(GUEST_DOMAIN)}
  authentication = "internal_hashed"
  allow_registration = true

-- Multi-user chat (XEP-0045) with each room's archive (XEP-0313 on the room). Only accounts of
-- ${DOMAIN} may create rooms: a visitor joining a room that does not exist gets an error
-- instead of owning a new room. Support rooms are written by createRoom() (persistent).
Component ${lua(MUC_DOMAIN)} "muc"
  modules_enabled = { "muc_mam" }
  restrict_room_creation = "local"
  muc_log_by_default = true
  max_history_messages = 50
`;
}

const running = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous last resort; the watchdog below also covers SIGKILL of this process.
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      } catch {}
    }
  });
}

// A tiny `sh` that waits for its stdin to close (this Node process died, however it died),
// then terminates Prosody: TERM, up to 5 s, then KILL. It ignores Ctrl-C's SIGINT so it can
// still do its job; a normal stop() kills it first.
const WATCHDOG = `trap '' INT HUP
read -r _ignored
kill -CONT "$1" 2>/dev/null; kill -TERM "$1" 2>/dev/null || exit 0
i=0
while kill -0 "$1" 2>/dev/null && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null && [ "$i" -lt 50 ]; do
  sleep 0.1; i=$((i+1))
done
kill -KILL "$1" 2>/dev/null
exit 0`;

function tailOf(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log file)';
  }
}

/** Deletes `.run/prosody-<pid>-*` folders left by processes that no longer exist. */
function removeStaleDirs() {
  let names;
  try {
    names = readdirSync(RUN_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^prosody-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ESRCH') {
        rmSync(join(RUN_DIR, name), { recursive: true, force: true });
      }
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Prosody and resolves once its WebSocket endpoint answers.
 *
 * @param {object} [options]
 * @param {string} [options.dir] folder for config + data (default: a new `.run/prosody-*`,
 *   deleted by stop()). Its `data/` is wiped on start unless `keepData`.
 * @param {number|null} [options.c2sPort] TCP c2s port; 0/undefined = a free one, null = none.
 * @param {number} [options.httpPort] 0/undefined = a free one.
 * @param {Array<{user: string, password: string, host?: string}>|Record<string,string>} [options.accounts]
 *   default: the demo accounts (accounts.mjs). `[]` for none.
 * @param {Record<string, Array<{jid: string, name?: string, groups?: string[], subscription?: string}>>} [options.rosters]
 *   keyed by user on `localhost` (or `user@host`); default: the demo rosters when accounts is default.
 * @param {boolean} [options.quiet] no console logging (the log file is always written).
 * @param {boolean} [options.keepData] keep an existing data folder.
 * @param {string} [options.logLevel] debug | info | warn (default info, or $CHATLET_PROSODY_LOG).
 * @param {boolean} [options.fast] offer FAST (SASL2 + XEP-0484 tokens); default true. If
 *   Debian's prosody-modules cannot be had, the server starts without it and says so once.
 * @param {number} [options.fastTokenTtl] seconds a FAST token is valid after issue
 *   (`sasl2_fast_token_ttl`; default 21 days).
 * @param {number} [options.fastTokenRotateAfter] a token login with a token older than this
 *   many seconds gets a new token (`sasl2_fast_token_min_ttl`; default 1 day).
 */
export async function startProsody(options = {}) {
  const binary = findOnPath('prosody');
  if (!binary) throw new Error('Prosody is not installed. Run: apt-get install -y prosody');
  removeStaleDirs();

  const quiet = options.quiet ?? false;
  const logLevel = options.logLevel ?? process.env.CHATLET_PROSODY_LOG ?? 'info';
  const ownDir = !options.dir;
  const dir = options.dir
    ? isAbsolute(options.dir)
      ? options.dir
      : resolve(PROJECT_ROOT, options.dir)
    : join(
        RUN_DIR,
        `prosody-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      );
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'prosody.cfg.lua');
  const logPath = join(dataDir, 'prosody.log');

  if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(dataDir, 'certs'), { recursive: true });

  const seconds = (value, fallback, name) => {
    if (value === undefined) return fallback;
    if (!(typeof value === 'number' && value > 0)) throw new Error(`${name}: seconds > 0`);
    return value;
  };
  const ttl = seconds(options.fastTokenTtl, FAST_TOKEN_TTL, 'fastTokenTtl');
  const rotateAfter = seconds(
    options.fastTokenRotateAfter,
    FAST_TOKEN_ROTATE_AFTER,
    'fastTokenRotateAfter',
  );
  const modulesPath = options.fast === false ? null : await ensureProsodyModules();
  const fast = modulesPath
    ? { pluginPaths: [PROJECT_PLUGIN_PATH, modulesPath], ttl, rotateAfter }
    : null;
  const fastOff =
    options.fast === false
      ? 'startProsody({ fast: false })'
      : `Debian's prosody-modules could not be fetched (${prosodyModulesError()}); to get it: ${HOW_TO_GET_FAST}`;
  if (!fast) {
    appendFileSync(
      logPath,
      `${new Date().toISOString()} chatlet\twarn\tFAST (XEP-0484) is off: ${fastOff}\n`,
    );
  }

  let httpPort = 0;
  let c2sPort = null;
  const choosePorts = async () => {
    httpPort = options.httpPort || (await freePort());
    c2sPort = options.c2sPort === null ? null : options.c2sPort || (await freePort());
    writeFileSync(
      configPath,
      configText({ dataDir, c2sPort, httpPort, logPath, quiet, logLevel, fast, fastOff }),
    );
  };
  await choosePorts();

  const useDemo = options.accounts === undefined;
  const accounts = normalizeAccounts(useDemo ? DEMO_ACCOUNTS : options.accounts);
  const rosters = options.rosters ?? (useDemo ? DEMO_ROSTERS : {});
  for (const { user, host, password } of accounts) writeAccount(dataDir, host, user, password);
  // The demo's support room, wherever the demo's support account is.
  if (accounts.some((a) => a.user === 'support' && a.host === DOMAIN))
    writeRoom(dataDir, DEMO_ROOM);
  for (const [owner, items] of Object.entries(rosters)) {
    const [user, host] = owner.includes('@') ? owner.split('@') : [owner, DOMAIN];
    writeRoster(dataDir, host, user, items);
  }

  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {import('node:child_process').ChildProcess | null} */
  let watchdog = null;
  let exited = null; // promise resolved when the current child exits
  let output = '';

  async function launch() {
    output = '';
    const proc = spawn(binary, ['-F', '--config', configPath], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const onData = (stream) => (chunk) => {
      output = (output + chunk.toString()).slice(-8000);
      if (!quiet) stream.write(chunk);
    };
    proc.stdout.on('data', onData(process.stdout));
    proc.stderr.on('data', onData(process.stderr));
    let spawnError = null;
    exited = new Promise((ok) => {
      proc.on('error', (err) => {
        spawnError = err;
        ok(null);
      });
      proc.on('exit', (code, signal) => ok({ code, signal }));
    });
    exited.then(() => {
      running.delete(proc);
      watchdog?.kill('SIGKILL');
      watchdog = null;
    });
    if (proc.pid) {
      running.add(proc);
      installExitHook();
      const dog = spawn('/bin/sh', ['-c', WATCHDOG, 'prosody-watchdog', String(proc.pid)], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
      });
      dog.on('error', () => {});
      dog.unref();
      dog.stdin.on('error', () => {});
      /** @type {any} */ (dog.stdin).unref?.();
      watchdog = dog;
    }

    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastError = 'no answer';
    let gone = false;
    exited.then(() => {
      gone = true;
    });
    while (Date.now() < deadline) {
      if (gone) break;
      if (/Failed to open server port/.test(tailOf(logPath, 200))) {
        await kill();
        const err = new Error(`Prosody could not open its ports (in use):\n${tailOf(logPath)}`);
        /** @type {any} */ (err).portInUse = true;
        throw err;
      }
      try {
        const res = await fetch(`http://127.0.0.1:${httpPort}/xmpp-websocket`, {
          signal: AbortSignal.timeout(1000),
        });
        const text = await res.text();
        if (res.ok && /websocket/i.test(text)) return;
        lastError = `HTTP ${res.status} from something that is not Prosody`;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      await sleep(50);
    }
    const how = spawnError
      ? `could not be started (${spawnError.message})`
      : gone
        ? 'exited during startup'
        : `was not ready within ${READY_TIMEOUT_MS / 1000} s (${lastError})`;
    await kill();
    throw new Error(
      `Prosody ${how}. Config: ${configPath}\n--- prosody log (tail) ---\n${tailOf(logPath)}\n--- output ---\n${output.trim()}`,
    );
  }

  async function kill() {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    watchdog?.kill('SIGKILL');
    watchdog = null;
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const done = exited;
    const timedOut = await Promise.race([
      done.then(() => false),
      sleep(STOP_TIMEOUT_MS).then(() => true),
    ]);
    if (timedOut) {
      proc.kill('SIGKILL');
      await done;
    }
  }

  // Free ports are chosen by binding port 0 then closing, so another process can grab one in
  // between: with chosen-by-us ports, try again with new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      const auto = !options.httpPort && (options.c2sPort === null || !options.c2sPort);
      if (!(/** @type {any} */ (err.portInUse && auto && attempt < 4))) throw err;
      await choosePorts();
    }
  }
  const service = `ws://127.0.0.1:${httpPort}/xmpp-websocket`;

  const ctl = (args, { timeout = 30_000 } = {}) => {
    const res = spawnSync('prosodyctl', ['--config', configPath, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout,
    });
    return { code: res.status ?? 1, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
  };

  let stopped = false;
  return {
    pid: () => child?.pid,
    httpPort,
    c2sPort,
    service,
    httpURL: `http://127.0.0.1:${httpPort}`,
    domain: DOMAIN,
    anonDomain: ANON_DOMAIN,
    guestDomain: GUEST_DOMAIN,
    mucDomain: MUC_DOMAIN,
    fast: !!fast,
    dir,
    dataDir,
    configPath,
    logPath,
    accounts,
    /** Creates (or resets the password of) an account; `user` may be `name@host`. */
    async register(user, password) {
      const [name, host] = user.includes('@') ? user.split('@') : [user, DOMAIN];
      writeAccount(dataDir, host, name, password);
      return `${name}@${host}`;
    },
    /**
     * Creates a persistent, archived room `name@conference.localhost` whose owners and members
     * (bare JIDs) are its agents; resolves with its JID. Only for a room Prosody has not loaded.
     */
    async createRoom(name, { owners = [], members = [], title } = {}) {
      return writeRoom(dataDir, { name, owners, members, title });
    },
    /** Writes a roster; only safe for an account whose roster Prosody has not loaded yet. */
    setRoster(user, items) {
      const [name, host] = user.includes('@') ? user.split('@') : [user, DOMAIN];
      writeRoster(dataDir, host, name, items);
    },
    /** Runs `prosodyctl --config CFG ...args` synchronously. */
    prosodyctl: ctl,
    /** Runs one admin shell command, e.g. `c2s:show()`; resolves with its output. */
    async shell(command) {
      const res = ctl(['shell', command]);
      if (res.code !== 0)
        throw new Error(`prosodyctl shell ${command} failed: ${res.stderr || res.stdout}`);
      return res.stdout;
    },
    /** Resolves when the current Prosody process exits (for whatever reason). */
    exited: () => exited,
    /** The last lines of Prosody's log file. */
    logTail: (lines = 30) => tailOf(logPath, lines),
    /** Stops and starts Prosody again on the same ports with the same data (clients see a dead server). */
    async restart() {
      await kill();
      await launch();
    },
    /** SIGSTOP: the server stops answering but sockets stay open (a silently dead link). */
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    /** SIGTERM, up to 5 s, then SIGKILL. Deletes the folder if startProsody created it. */
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
      if (ownDir && !options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- CLI ------------------------------------------------------------------------------------

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const { demoWithFriends } = await import('./accounts.mjs');
  const demo = demoWithFriends();
  try {
    const prosody = await startProsody({
      dir: join(RUN_DIR, 'prosody-cli'),
      httpPort: Number(value('--port', '5380')),
      accounts: demo.accounts,
      rosters: demo.rosters,
      quiet: args.includes('--quiet'),
      fast: !args.includes('--no-fast'),
    });
    console.log(`Prosody is running (pid ${prosody.pid()}).`);
    console.log(`  WebSocket: ${prosody.service}`);
    console.log(`  c2s (TCP): 127.0.0.1:${prosody.c2sPort}`);
    console.log(
      `  Domains:   ${prosody.domain}, ${prosody.anonDomain} (anonymous), ${prosody.guestDomain} (in-band registration)`,
    );
    console.log(`  Accounts:  ${DEMO_ACCOUNTS.map((a) => `${a.user}/${a.password}`).join(', ')}`);
    console.log(`  FAST:      ${prosody.fast ? 'on (SASL2, XEP-0484 tokens)' : 'off'}`);
    console.log(`  Log:       ${prosody.logPath}`);
    console.log('Ctrl-C to stop.');
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await prosody.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    prosody.exited().then((how) => {
      if (stopping) return;
      console.error(`Prosody exited unexpectedly (${JSON.stringify(how)}).\n${prosody.logTail()}`);
      process.exit(1);
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
