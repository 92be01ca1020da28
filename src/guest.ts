// Support visitors keep who they are across pages and visits: a throwaway account registered
// in-band (XEP-0077) on the guest host, then a FAST token. The generated password is used for
// that first login and dropped; this remembers only the JID and until when to use it.

/** A visitor identity remembered on this browser. */
export interface Guest {
  jid: string;
  /** Until when (ms since the epoch) this browser keeps using it. */
  until: number;
}

/** Days a visitor keeps their identity (and conversation) by default. */
export const GUEST_DAYS = 30;

const key = (domain: string) => `chatlet:guest:${domain}`;

/** The visitor identity this browser keeps for `domain`, if any and still valid. */
export function loadGuest(domain: string, now = Date.now()): Guest | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(domain)) ?? 'null') as Guest | null;
    if (typeof value?.jid !== 'string' || typeof value.until !== 'number') return null;
    if (value.until <= now) {
      localStorage.removeItem(key(domain));
      return null;
    }
    return value;
  } catch {
    return null;
  }
}

/** Remembers a visitor identity for `days`. */
export function saveGuest(domain: string, jid: string, days: number, now = Date.now()): void {
  try {
    localStorage.setItem(key(domain), JSON.stringify({ jid, until: now + days * 86_400_000 }));
  } catch {
    console.warn('[chatlet] storage is blocked: this visitor gets a new identity on every page.');
  }
}

/** Forgets the visitor identity (logged out, or the server no longer knows it). */
export function forgetGuest(domain: string): void {
  try {
    localStorage.removeItem(key(domain));
  } catch {
    // nothing stored
  }
}

/** A new throwaway account: a random name nobody can guess and a password used once. */
export function newGuest(): { username: string; password: string } {
  const bytes = (n: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
  return { username: `guest-${bytes(8)}`, password: bytes(24) };
}
