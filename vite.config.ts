import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplatesPlugin } from './scripts/minify-templates.ts';

/**
 * The builds: `vite build` (ES module), `--mode iife` (classic script), `--mode embed` (the
 * script-tag entry as an ES module split into chunks, which the loader imports), `--mode loader`.
 */
const ENTRIES = {
  production: { entry: 'src/index.ts', format: 'es', file: 'chatlet.js', split: false },
  iife: { entry: 'src/embed.ts', format: 'iife', file: 'chatlet.iife.js', split: false },
  embed: { entry: 'src/embed-module.ts', format: 'es', file: 'chatlet-embed.js', split: true },
  loader: {
    entry: 'src/loader/loader.ts',
    format: 'iife',
    file: 'chatlet-loader.js',
    split: false,
  },
} as const;

/** The modules of the loader build's `account` chunk: the contact list and the account view. */
const ACCOUNT_CHUNK =
  /src\/components\/(contact-list\/contact-(list|rows|actions)(\.styles)?|widget\/(account-view|login-form))\.ts$/;

// A second copy of the classic script on a page must not replace the first one's `Chatlet`
// (the page's elements belong to the first): it only says so. `var` hoists, so the global
// keeps its value when the assignment inside the block does not run.
const GUARD_START =
  'if(window.Chatlet&&window.Chatlet.connect){console.warn("[chatlet] the Chatlet script is on this page twice; the second copy does nothing.")}else{';

/**
 * Swaps each lazy seam (`x.lazy.ts`, a dynamic import) for its static twin (`x.static.ts`) in the
 * single-file builds: there an inlined dynamic import would wrap every module behind it in a lazy
 * initialiser (about 2 kB gzip in all), for code that is in the file anyway.
 */
function staticSeams(): Plugin {
  return {
    name: 'chatlet-static-seams',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.lazy.js')) return null;
      return this.resolve(source.replace(/\.lazy\.js$/, '.static.ts'), importer, {
        skipSelf: true,
      });
    },
  };
}

export default defineConfig(({ mode }) => {
  const build = ENTRIES[mode as keyof typeof ENTRIES] ?? ENTRIES.production;
  const iife = build.file === 'chatlet.iife.js';
  return {
    server: { host: '127.0.0.1' },
    plugins: [minifyTemplatesPlugin(), ...(build.split ? [] : [staticSeams()])],
    // xmpp.js imports Node's `events`; eventemitter3 has the same on/once/off/emit in a sixth of
    // the size of the npm `events` polyfill.
    resolve: { alias: { events: 'eventemitter3' } },
    build: {
      target: 'es2022',
      // The first build of `npm run build` empties dist/; the others add to it.
      emptyOutDir: build === ENTRIES.production,
      sourcemap: true,
      lib: {
        entry: resolve(import.meta.dirname, build.entry),
        name: 'Chatlet',
        formats: [build.format],
        fileName: () => build.file,
      },
      rolldownOptions: {
        // The split entry may export more than its own API: the lazy chunks import what they
        // share with it from it.
        ...(build.split && { preserveEntrySignatures: 'allow-extension' as const }),
        // One file per format, dynamic imports inlined; except the loader's module entry, whose
        // lazy parts (contact list, tabs, rooms) are chunks that a page fetches only when it
        // uses them. Their names carry a content hash, so they can be cached for good.
        output: {
          minify: true,
          // Everything the entry imports statically stays in the entry (`$initial`): left to
          // itself, the bundler makes common chunks of what the entry shares with the lazy
          // parts, and every page would fetch those too.
          // An account's page needs its header and login form and then the contact list: one
          // chunk, one request. (Rolldown keeps its CommonJS helpers in the entry only while each
          // lazy chunk that needs them also imports from the entry; else they become a chunk of
          // their own, one more request on every page, which test/e2e/loader.test.ts would see.)
          codeSplitting: build.split
            ? {
                groups: [
                  { name: 'embed', tags: ['$initial'], priority: 2 },
                  { name: 'account', test: ACCOUNT_CHUNK, priority: 1 },
                ],
              }
            : false,
          ...(build.split && { chunkFileNames: 'chatlet-[name]-[hash].js' }),
          ...(iife && { banner: GUARD_START, footer: '}' }),
        },
      },
    },
  };
});
