import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './demo/server/chromium.mjs';

// Each worker starts its own Prosody and vite dev server (test/e2e/fixtures.ts), on free ports.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.test.ts',
  // Builds the bundles that host pages load (test/e2e/host-page.ts).
  globalSetup: './test/e2e/global-setup.ts',
  // Playwright empties outputDir on start: keep it away from the vitest reports in test-results/.
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
