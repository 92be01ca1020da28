// contact-list.lazy.ts for the single-file builds: the code is already there.
import * as ContactList from './contact-list.js';

/** Loads `<chatlet-contact-list>`'s class: here, the module already imported. */
export function loadContactList(): Promise<typeof ContactList> {
  return Promise.resolve(ContactList);
}
