import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { minifyTemplatesPlugin } from './scripts/minify-templates.ts';

/** The builds: `vite build` (ES module), `--mode iife` (classic script), `--mode loader`. */
const ENTRIES = {
  production: { entry: 'src/index.ts', format: 'es', file: 'chatlet.js' },
  iife: { entry: 'src/embed.ts', format: 'iife', file: 'chatlet.iife.js' },
  loader: { entry: 'src/loader/loader.ts', format: 'iife', file: 'chatlet-loader.js' },
} as const;

// A second copy of the classic script on a page must not replace the first one's `Chatlet`
// (the page's elements belong to the first): it only says so. `var` hoists, so the global
// keeps its value when the assignment inside the block does not run.
const GUARD_START =
  'if(window.Chatlet&&window.Chatlet.connect){console.warn("[chatlet] the Chatlet script is on this page twice; the second copy does nothing.")}else{';

export default defineConfig(({ mode }) => {
  const build = ENTRIES[mode as keyof typeof ENTRIES] ?? ENTRIES.production;
  const iife = build.file === 'chatlet.iife.js';
  return {
    server: { host: '127.0.0.1' },
    plugins: [minifyTemplatesPlugin()],
    // xmpp.js imports Node's `events`; eventemitter3 has the same on/once/off/emit in a sixth of
    // the size of the npm `events` polyfill.
    resolve: { alias: { events: 'eventemitter3' } },
    build: {
      target: 'es2022',
      emptyOutDir: build.format === 'es',
      sourcemap: true,
      lib: {
        entry: resolve(import.meta.dirname, build.entry),
        name: 'Chatlet',
        formats: [build.format],
        fileName: () => build.file,
      },
      rolldownOptions: {
        // One file per format.
        output: {
          minify: true,
          codeSplitting: false,
          ...(iife && { banner: GUARD_START, footer: '}' }),
        },
      },
    },
  };
});
