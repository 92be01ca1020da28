#!/usr/bin/env node
// Debian's `prosody-modules` (Prosody's community modules) unpacked into the project's `.run/`,
// never installed system-wide: startProsody() takes mod_sasl2 and mod_sasl2_fast from it to
// offer FAST (XEP-0484 over SASL2, XEP-0388). See demo/server/prosody-plugins/ for the module
// that makes them work on Prosody 0.12.
//
//   import { ensureProsodyModules } from './prosody-modules.mjs';
//   const path = await ensureProsodyModules();  // a plugin path for Prosody, or null
//
// CLI: `node demo/server/prosody-modules.mjs` unpacks it now (.ci/run does, before the tests)
// and prints the plugin path; exit code 1 if it could not.
//
// The .deb is fetched with `apt-get download` (needs apt's package lists: `apt-get update`)
// into a temporary folder beside the target, unpacked with `dpkg-deb -x`, then renamed into
// place in one step, so two processes that call this at once never see half a folder.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RUN_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), '.run');

/** Where the package is unpacked (`dpkg-deb -x` root). */
export const PROSODY_MODULES_DIR = join(RUN_DIR, 'prosody-modules');
/** The plugin path inside it: one folder per module (`mod_sasl2/mod_sasl2.lua`, …). */
export const PROSODY_MODULES_PLUGIN_PATH = join(PROSODY_MODULES_DIR, 'usr/lib/prosody/modules');
/** The project's own Prosody modules (mod_chatlet_compat). */
export const PROJECT_PLUGIN_PATH = join(dirname(fileURLToPath(import.meta.url)), 'prosody-plugins');
/** What to run to get FAST when the package could not be fetched. */
export const HOW_TO_GET_FAST = 'apt-get update && node demo/server/prosody-modules.mjs';

const PACKAGE = 'prosody-modules';
const REQUIRED = ['mod_sasl2/mod_sasl2.lua', 'mod_sasl2_fast/mod_sasl2_fast.lua'];
const TEMP_PREFIX = '.prosody-modules-';
const DOWNLOAD_TIMEOUT_MS = 120_000;

const complete = (root) =>
  REQUIRED.every((file) => existsSync(join(root, 'usr/lib/prosody/modules', file)));

/** The plugin path if the package is unpacked already, else null (never downloads). */
export function prosodyModulesPath() {
  return complete(PROSODY_MODULES_DIR) ? PROSODY_MODULES_PLUGIN_PATH : null;
}

/** Deletes temporary folders left by processes that died while unpacking. */
function removeStaleTemps() {
  let names;
  try {
    names = readdirSync(RUN_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${TEMP_PREFIX.replace('.', '\\.')}(\\d+)-`).exec(name)?.[1]);
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

const firstLine = (err) => {
  const e = /** @type {any} */ (err);
  const text = `${e?.stderr ?? ''}`.trim() || `${e?.message ?? err}`;
  const lines = text.split('\n').map((line) => line.trim());
  return lines.find((line) => /^E:/.test(line)) ?? lines.find(Boolean) ?? 'unknown error';
};

async function download() {
  const present = prosodyModulesPath();
  if (present) return present;
  mkdirSync(RUN_DIR, { recursive: true });
  removeStaleTemps();
  const temp = mkdtempSync(join(RUN_DIR, `${TEMP_PREFIX}${process.pid}-`));
  try {
    // As root, apt would try to download as its sandbox user `_apt`, who cannot write here.
    const asRoot = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
    await run('apt-get', ['download', ...asRoot, PACKAGE], {
      cwd: temp,
      timeout: DOWNLOAD_TIMEOUT_MS,
    });
    const deb = readdirSync(temp).find((name) => name.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download left no .deb in ${temp}`);
    const root = join(temp, 'root');
    await run('dpkg-deb', ['-x', join(temp, deb), root]);
    if (!complete(root)) throw new Error(`${deb} has no ${REQUIRED.join(' / ')}`);
    await writeFile(join(root, 'PACKAGE'), `${deb}\n`);
    try {
      renameSync(root, PROSODY_MODULES_DIR);
    } catch {
      // Another process got there first (fine), or a damaged folder is in the way.
      if (!prosodyModulesPath()) {
        rmSync(PROSODY_MODULES_DIR, { recursive: true, force: true });
        renameSync(root, PROSODY_MODULES_DIR);
      }
    }
    return PROSODY_MODULES_PLUGIN_PATH;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** @type {Promise<string | null> | null} */
let pending = null;
/** @type {string | null} */
let lastError = null;

/**
 * Resolves with the plugin path holding mod_sasl2 and mod_sasl2_fast, downloading and
 * unpacking Debian's `prosody-modules` first if needed. If that fails (no apt lists, no
 * network, not Debian) it prints one warning (once per process) and resolves with null.
 * @param {{ quiet?: boolean }} [options] quiet: no warning
 * @returns {Promise<string | null>}
 */
export function ensureProsodyModules({ quiet = false } = {}) {
  const present = prosodyModulesPath();
  if (present) return Promise.resolve(present);
  pending ??= download().catch((err) => {
    lastError = firstLine(err);
    if (!quiet) {
      console.warn(
        `Prosody: FAST (XEP-0484) is off: Debian's ${PACKAGE} could not be fetched (${lastError}). To get it: ${HOW_TO_GET_FAST}`,
      );
    }
    return null;
  });
  return pending;
}

/** Why the last ensureProsodyModules() resolved with null (null if it did not). */
export const prosodyModulesError = () => lastError;

// ---- CLI ------------------------------------------------------------------------------------

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = await ensureProsodyModules();
  if (path) console.log(path);
  process.exit(path ? 0 : 1);
}
