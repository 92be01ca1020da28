// Where the widget gets the account's header and login form: in the loader's build, the chunk
// of the contact list, which every signed-in page needs next. The single-file builds use
// account-view.static.ts instead (vite.config.ts, `staticSeams`).
import type * as AccountView from './account-view.js';

/** Loads the account's header and login form. */
export function loadAccountView(): Promise<typeof AccountView> {
  return import('./account-view.js');
}
