// RFC 6120 §4.9.3 and §6.5 — what the server's refusals mean to people: failed logins, and the
// stream errors after which reconnecting cannot help.

/** What a failed login says, in English (the elements translate these texts). */
export const LOGIN_TEXTS = {
  wrongPassword: 'Wrong JID or password.',
  disabled: 'This account is disabled.',
  passwordExpired: 'The password has expired.',
  tryLater: 'The server could not log you in right now; try again in a moment.',
  unreachable: 'Cannot reach the chat server.',
  logInAgain: 'Please log in again.',
  tokenExpired: 'Your saved sign-in has expired. Please log in again.',
  noGuests: 'The server allows neither guest accounts nor anonymous logins.',
  noAnonymous: 'The server does not allow anonymous logins.',
  noSafeMechanism: 'The server offers no safe login method (SCRAM-SHA-1, or PLAIN over TLS).',
} as const;

/** A failed login: why, in words for people, and whether trying again later may work. */
export class LoginError extends Error {
  constructor(
    message: string,
    /** `true` for network trouble; `false` when the credentials or the server's setup are at fault. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/** Classifies what xmpp.js throws on a failed login. */
export function toLoginError(error: unknown): LoginError {
  if (error instanceof LoginError) return error;
  const e = error as { condition?: string; name?: string };
  // SASL failures are answers from the server: trying again will not change them.
  const answered = e?.name === 'SASLError' || e?.condition !== undefined;
  return new LoginError(describeLoginError(error), !answered);
}

/** Turns what xmpp.js throws on a failed login into words for people. */
export function describeLoginError(error: unknown): string {
  const e = error as { condition?: string; message?: string; name?: string };
  switch (e?.condition) {
    case 'not-authorized':
      return LOGIN_TEXTS.wrongPassword;
    case 'account-disabled':
      return LOGIN_TEXTS.disabled;
    case 'credentials-expired':
      return LOGIN_TEXTS.passwordExpired;
    case 'temporary-auth-failure':
      return LOGIN_TEXTS.tryLater;
  }
  if (error instanceof LoginError) return error.message;
  if (e?.condition) return `The server refused the login (${e.condition}).`;
  // Anything else is the network: a refused or dropped socket, or no answer in time.
  return LOGIN_TEXTS.unreachable;
}

/** Stream errors after which reconnecting cannot help (RFC 6120 §4.9.3): stop and say why. */
export const TERMINAL: Readonly<Record<string, string>> = {
  conflict: 'This account connected from somewhere else with the same resource; this page stopped.',
  'not-authorized': LOGIN_TEXTS.logInAgain,
  'credentials-expired': 'The password has expired. Please log in again.',
  'account-disabled': 'This account is disabled.',
  'host-unknown': 'The server does not serve this domain.',
  'host-gone': 'The server no longer serves this domain.',
  'improper-addressing': 'The server refused the connection (improper addressing).',
  'invalid-from': 'The server refused the connection (invalid from).',
  'policy-violation': 'The server refused the connection (policy violation).',
  'unsupported-version': 'The server does not speak this version of XMPP.',
};

/** Why the session stopped for good after stream error `condition`, or `undefined` if it did not. */
export function terminalReason(condition: string | undefined): string | undefined {
  return condition === undefined ? undefined : TERMINAL[condition];
}
