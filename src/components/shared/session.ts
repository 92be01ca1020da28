// How an element finds its session: its own `.session`, else the page's default.
import type { Session } from '../../api.js';
import { defaultSession } from '../../default-session.js';

/**
 * The session an element renders from. Reading it inside a `SignalWatcher`
 * render subscribes to the default session, so elements without a `.session`
 * pick up the one the page connects later.
 */
export function sessionOf(element: { session?: Session | undefined }): Session | null {
  return element.session ?? defaultSession.value;
}

/** The local part of a JID, the fallback name for a contact. */
export function localPart(jid: string): string {
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}
