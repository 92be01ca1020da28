import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run docs:screenshots`: retakes the README's screenshots (docs/*.png) with the same
// fixtures as the e2e tests — a real Prosody, the built bundles, a real agent.
export default defineConfig({
  ...base,
  testDir: 'scripts/docs',
  outputDir: 'test-results/docs-artifacts',
  reporter: [['list']],
  workers: 1,
});
