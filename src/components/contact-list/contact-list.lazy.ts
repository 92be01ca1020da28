// Where the widget gets the contact list: a chunk of its own in the loader's build. The
// single-file builds use contact-list.static.ts instead (vite.config.ts, `staticSeams`).
import type * as ContactList from './contact-list.js';

/** Loads `<chatlet-contact-list>`'s class. */
export function loadContactList(): Promise<typeof ContactList> {
  return import('./contact-list.js');
}
