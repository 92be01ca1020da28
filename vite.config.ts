import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// `vite build` makes the ES module; `vite build --mode iife` the classic script.
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    server: { host: '127.0.0.1' },
    build: {
      target: 'es2022',
      emptyOutDir: !iife,
      sourcemap: true,
      lib: {
        entry: resolve(import.meta.dirname, iife ? 'src/embed.ts' : 'src/index.ts'),
        name: 'Chatlet',
        formats: [iife ? 'iife' : 'es'],
        fileName: () => (iife ? 'chatlet.iife.js' : 'chatlet.js'),
      },
      rolldownOptions: {
        // One file per format: the virtualizer's lazily imported layout is inlined too.
        output: { minify: true, codeSplitting: false },
      },
    },
  };
});
