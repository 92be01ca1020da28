// The page's default session: the one deliberate piece of page-level state
// (DESIGN.md). Elements without a `.session` property read this.
import { signal } from '@preact/signals-core';
import type { ConnectOptions, Session } from './api.js';

/** The session elements use when they are not given one. */
export const defaultSession = signal<Session | null>(null);

/**
 * What the widget's login form needs to connect (service, domain), set by the
 * script tag or by the page; `null` when nothing was configured.
 */
export const defaultConnectOptions = signal<Partial<ConnectOptions> | null>(null);

/**
 * How the widget's login form connects: `connect()`, put here by the library entry (index.ts)
 * so that the elements never import the protocol code. `null` on a page with only the elements.
 */
export const loginConnect = signal<((options: ConnectOptions) => Promise<Session>) | null>(null);

/**
 * `true` while the page logs in by itself (the script tag: a saved sign-in, a visitor): the
 * widget then shows the panel empty rather than a login form that would flash and go.
 */
export const signingIn = signal(false);

/**
 * Why the page could not log in by itself (a saved sign-in that expired, the site's
 * credentials refused): the widget says it above its login form. `null` when nothing failed.
 */
export const loginProblem = signal<string | null>(null);

/** localStorage key of the last account that logged in on this browser profile (a bare JID). */
export const LAST_ACCOUNT_KEY = 'chatlet:last-account';

/** The account that last logged in on this browser profile, to log in again after a reload. */
export function lastAccount(): string | null {
  try {
    return localStorage.getItem(LAST_ACCOUNT_KEY);
  } catch {
    return null;
  }
}
