// Builds the bundles a host page loads (the classic script, the ES module, the loader and the
// loader's split module with its chunks)
// once per run, into .run/e2e-dist/, so embed tests exercise what sites really get. Also unpacks
// the Prosody modules that FAST needs (demo/server/prosody-modules.mjs), if not there yet.
import { join } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../../demo/server/prosody.mjs';
import { ensureProsodyModules } from '../../demo/server/prosody-modules.mjs';

/** Where the e2e build puts the bundles. */
export const E2E_DIST = join(PROJECT_ROOT, '.run', 'e2e-dist');

export default async function globalSetup(): Promise<void> {
  // Unpack Debian's prosody-modules (FAST) once, before the workers start their servers.
  await ensureProsodyModules();
  for (const mode of ['production', 'iife', 'embed', 'loader']) {
    await build({
      root: PROJECT_ROOT,
      mode,
      logLevel: 'warn',
      build: { outDir: E2E_DIST, emptyOutDir: mode === 'production', sourcemap: false },
    });
  }
}
