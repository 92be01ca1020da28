#!/usr/bin/env node
// `npm test`: lint + types, then the unit, browser and end-to-end suites. Every suite runs even
// if an earlier one failed. Prints per-suite totals and, as its very last line,
// `N passed, N failed` (summed over the three test suites; a suite that ended without a report
// counts as 1 failed). Exit code 0 only if the check passed and nothing failed.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');
const BIN = join(ROOT, 'node_modules', '.bin');
const SUITE_TIMEOUT_MS = 30 * 60 * 1000;

/** @type {import('node:child_process').ChildProcess | null} */
let current = null;
let interrupted = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    interrupted = true;
    if (current?.pid) {
      try {
        process.kill(-current.pid, signal);
      } catch {}
    }
  });
}

/** Runs a command in its own process group; kills the group after the timeout. */
function run(command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', detached: true });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${command} ${args.join(' ')}: still running after 30 min, killing it.`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 10_000).unref();
    }, SUITE_TIMEOUT_MS);
    const finish = (code) => {
      clearTimeout(timer);
      current = null;
      resolve({ code, timedOut, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (err) => {
      console.error(`${command}: ${err.message}`);
      finish(127);
    });
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Counts from a vitest JSON report (jest format). */
function vitestCounts(report) {
  let failed = report.numFailedTests ?? 0;
  // A file that failed to load has no failed tests but a failed suite: count it.
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Counts from a Playwright JSON report. */
function playwrightCounts(report) {
  const stats = report.stats ?? {};
  const errors = (report.errors ?? []).length; // e.g. a test file that does not load
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (stats.interrupted ?? 0) + errors,
    skipped: stats.skipped ?? 0,
  };
}

mkdirSync(RESULTS, { recursive: true });
const lines = [];

const check = await run('npm', ['run', 'check']);
lines.push(
  `check:   ${check.code === 0 ? 'ok' : `FAILED (exit ${check.code})`} (${check.seconds.toFixed(1)} s)`,
);

const suites = [
  {
    name: 'unit',
    report: join(RESULTS, 'unit.json'),
    command: join(BIN, 'vitest'),
    args: [
      'run',
      '--project',
      'unit',
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results/unit.json',
    ],
    counts: vitestCounts,
  },
  {
    name: 'browser',
    report: join(RESULTS, 'browser.json'),
    command: join(BIN, 'vitest'),
    args: [
      'run',
      '--project',
      'browser',
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results/browser.json',
    ],
    counts: vitestCounts,
  },
  {
    name: 'e2e',
    report: join(RESULTS, 'e2e.json'),
    command: join(BIN, 'playwright'),
    args: ['test'],
    counts: playwrightCounts,
  },
];

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (interrupted) {
    failed += 1;
    lines.push(`${suite.name.padEnd(8)} not run (interrupted)`);
    continue;
  }
  rmSync(suite.report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const result = await run(suite.command, suite.args);
  const report = readJson(suite.report);
  let counts;
  let note = '';
  if (!report) {
    counts = { passed: 0, failed: 1, skipped: 0 };
    note = result.timedOut
      ? ' — killed after 30 min, no report'
      : ` — exit ${result.code}, no report`;
  } else {
    counts = suite.counts(report);
    if (result.code !== 0 && counts.failed === 0) {
      counts.failed = 1; // failed outside any test (unhandled error, teardown, timeout)
      note = ` — exit ${result.code} with no failed test`;
    }
    if (result.timedOut) note += ' — killed after 30 min';
  }
  passed += counts.passed;
  failed += counts.failed;
  lines.push(
    `${`${suite.name}:`.padEnd(8)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${result.seconds.toFixed(1)} s)${note}`,
  );
}

console.log(`\n=== totals ===\n${lines.join('\n')}`);
process.exitCode = check.code === 0 && failed === 0 ? 0 : 1;
console.log(`${passed} passed, ${failed} failed`);
