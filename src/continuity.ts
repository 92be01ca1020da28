// Page to page: what a page leaves behind so the next one resumes the same XMPP session
// (XEP-0198) instead of logging in again — no presence flap, nothing lost. Written
// synchronously (Web Storage), because a page can be gone a moment after it was told.
import type { ResourcePresence } from './store/types.js';
import type { SmState } from './xmpp/connection.js';
import { parseSmState } from './xmpp/sm-state.js';

/** Everyone heard online, by bare JID then resource. */
export type PresenceSnapshot = Record<string, Record<string, ResourcePresence>>;

/** A session left by the last page. */
export interface SavedSession {
  sm: SmState;
  /** What the contacts' presence was: the server does not send it again after a resume. */
  presences: PresenceSnapshot;
}

/** Where one account's resumable session is kept. */
export interface Continuity {
  /** The session the last page left, if any. */
  load(): SavedSession | null;
  /** Stores the resumable state (`null`: there is nothing to resume). */
  save(sm: SmState | null): void;
  savePresences(snapshot: PresenceSnapshot): void;
  /** Forgets the session (logged out, or ended cleanly). */
  clear(): void;
}

const DEVICE_KEY = 'chatlet:device';

/**
 * This browser profile's stable id, sent as the SASL2 `<user-agent id/>`: servers bind FAST
 * tokens to it, so a new random id on every page would make every token useless.
 */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

/**
 * The continuity store of one account in `storage` (sessionStorage: per tab, kept across
 * the tab's navigations). Storage that is blocked or full is skipped: the next page then
 * logs in afresh, which loses nothing but shows a presence change.
 */
export function createContinuity(account: string, storage: () => Storage): Continuity {
  const smKey = `chatlet:sm:${account}`;
  const presenceKey = `chatlet:presence:${account}`;
  const attempt = (what: string, write: (s: Storage) => void) => {
    try {
      write(storage());
    } catch (error) {
      console.warn(`[chatlet] could not keep the ${what} for the next page:`, error);
    }
  };
  return {
    load() {
      try {
        const s = storage();
        const sm = parseSmState(s.getItem(smKey));
        if (!sm) return null;
        let presences: PresenceSnapshot = {};
        try {
          presences = (JSON.parse(s.getItem(presenceKey) ?? '{}') as PresenceSnapshot) ?? {};
        } catch {
          // An unreadable snapshot: everyone shows offline until they next change.
        }
        return { sm, presences };
      } catch {
        return null;
      }
    },
    save(sm) {
      attempt('session', (s) => {
        if (sm) s.setItem(smKey, JSON.stringify(sm));
        else s.removeItem(smKey);
      });
    },
    savePresences(snapshot) {
      attempt('presences', (s) => s.setItem(presenceKey, JSON.stringify(snapshot)));
    },
    clear() {
      attempt('session', (s) => {
        s.removeItem(smKey);
        s.removeItem(presenceKey);
      });
    },
  };
}
