// RFC 6120 §4.9.3 and §6.5 — what the server's refusals mean to people: failed logins, and the
// stream errors after which reconnecting cannot help.

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
      return 'Wrong JID or password.';
    case 'account-disabled':
      return 'This account is disabled.';
    case 'credentials-expired':
      return 'The password has expired.';
    case 'temporary-auth-failure':
      return 'The server could not log you in right now; try again in a moment.';
  }
  if (error instanceof LoginError) return error.message;
  if (e?.condition) return `The server refused the login (${e.condition}).`;
  // Anything else is the network: a refused or dropped socket, or no answer in time.
  return 'Cannot reach the chat server.';
}

/** Stream errors after which reconnecting cannot help (RFC 6120 §4.9.3): stop and say why. */
const TERMINAL: Record<string, string> = {
  conflict: 'This account connected from somewhere else with the same resource; this page stopped.',
  'not-authorized': 'Please log in again.',
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
