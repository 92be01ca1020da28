// tabs.lazy.ts for the single-file builds: the code is already there.
import * as Tabs from './index.js';

/** Loads the tabs' shared connection (src/tabs/): here, the module already imported. */
export function loadTabs(): Promise<typeof Tabs> {
  return Promise.resolve(Tabs);
}
