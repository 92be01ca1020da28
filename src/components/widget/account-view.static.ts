// account-view.lazy.ts for the single-file builds: the code is already there.
import * as AccountView from './account-view.js';

/** Loads the account's header and login form: here, the module already imported. */
export function loadAccountView(): Promise<typeof AccountView> {
  return Promise.resolve(AccountView);
}
