// Where the session gets the tabs' shared connection: a chunk of its own in the loader's build.
// The single-file builds use tabs.static.ts instead (vite.config.ts, `staticSeams`).
import type * as Tabs from './index.js';

/** Loads the tabs' shared connection (src/tabs/). */
export function loadTabs(): Promise<typeof Tabs> {
  return import('./index.js');
}
