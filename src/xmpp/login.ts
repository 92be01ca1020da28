// RFC 6120 §6 SASL, XEP-0388 SASL2, XEP-0484 FAST, XEP-0077 registration — what a connection
// logs in with: a token first, then the password, saved SCRAM keys or one asked for; a guest
// account registered on the same stream; or an anonymous login.
import { xml } from '@xmpp/xml';
import type { Credentials } from '@xmpp/sasl';
import type { ClientOptions } from './client.js';
import type { ConnectionOptions } from './connection.js';
import { isTokenUsable } from './fast.js';
import { LOGIN_TEXTS, LoginError } from './login-error.js';
import { chooseMechanism, isSecureService } from './scram.js';

/** What {@link createLogin} hands to the client. */
export type Login = Pick<ClientOptions, 'register' | 'onRegistered' | 'fast' | 'credentials'>;

/**
 * The login of one connection: the credential choice and what the server gives back (new
 * tokens, whether the guest account was registered), told through `options`' callbacks.
 * `fast` is the client's FAST state: whether the server offers it, and which mechanisms.
 */
export function createLogin(
  options: ConnectionOptions,
  fast: () => { mechanism: string | null; mechanisms: readonly string[] },
): Login {
  const anonymous = options.anonymous === true;
  const settings = () => ({
    anonymous,
    secure: isSecureService(options.service),
    // A guest's password was made up for the account just registered on this very stream, and
    // a token takes over after this login: SCRAM would hide nothing from the server, which was
    // just sent the password, and PLAIN spares the page SCRAM's code. Without FAST the saved
    // SCRAM keys are what keeps the guest, so then SCRAM.
    throwaway: guest === 'registered' && fast().mechanism !== null,
  });
  let token = options.token ?? null;
  let savedKeys = options.scramKeys;
  let secretsRead = !options.secrets;
  const readSecrets = async () => {
    if (secretsRead) return;
    const secrets = await options.secrets!;
    token ??= secrets.token ?? null;
    savedKeys ??= secrets.scramKeys;
    secretsRead = true;
  };
  const userAgent = xml(
    'user-agent',
    { id: options.deviceId ?? crypto.randomUUID() },
    xml('software', {}, 'Chatlet'),
  );
  /** Where the guest account stands: not tried yet, registered, or refused by the server. */
  let guest: 'new' | 'registered' | 'refused' = 'new';
  const password = options.password ?? options.guest?.password;
  /** What the login can use besides a token, for the mechanism chosen, known now. */
  const known = (mechanism: string | undefined): Credentials | null =>
    !mechanism
      ? null
      : password !== undefined
        ? { password }
        : mechanism === 'SCRAM-SHA-1' && savedKeys
          ? { ...savedKeys }
          : null;
  let offered: string[] = [];
  /** Fills `credentials` with something to log in with besides a token; `false` if nothing. */
  async function fallBack(credentials: Credentials): Promise<boolean> {
    const mechanism = chooseMechanism(offered, settings());
    const now = known(mechanism);
    if (now) Object.assign(credentials, now);
    else if (mechanism && options.fetchPassword)
      credentials.password = await options.fetchPassword();
    else return false;
    return true;
  }
  return {
    register: () => (guest === 'new' ? (options.guest ?? null) : null),
    onRegistered(ok) {
      guest = ok ? 'registered' : 'refused';
      options.onGuest?.(ok);
    },
    fast: {
      token: () => token,
      onToken(next) {
        token = next;
        options.onToken?.(next);
      },
      wantToken: () => !anonymous && guest !== 'refused' && options.onToken !== undefined,
      fallBack,
      invalidate: () => options.invalidateToken === true,
    },
    credentials: async (authenticate, mechanisms) => {
      offered = mechanisms;
      await readSecrets();
      if (options.guest && guest !== 'registered') {
        // No registration here: an anonymous login, which no later page can resume.
        if (guest === 'new') options.onGuest?.(false);
        guest = 'refused';
        if (!mechanisms.includes('ANONYMOUS')) {
          throw new LoginError(LOGIN_TEXTS.noGuests, false);
        }
        return authenticate({}, 'ANONYMOUS', userAgent);
      }
      const mechanism = chooseMechanism(mechanisms, settings());
      if (anonymous) {
        if (!mechanism) throw new LoginError(LOGIN_TEXTS.noAnonymous, false);
        return authenticate({}, mechanism, userAgent);
      }
      const credentials: Credentials = { username: options.username };
      if (fast().mechanism !== null && isTokenUsable(token, fast().mechanisms)) {
        // The token first (FAST runs inside `authenticate`); the rest only if it is refused.
        return authenticate(credentials, mechanism ?? '', userAgent);
      }
      if (options.invalidateToken) throw new LoginError('There is no sign-in token to end.', false);
      if (!mechanism) {
        throw new LoginError(LOGIN_TEXTS.noSafeMechanism, false);
      }
      if (!(await fallBack(credentials))) throw new LoginError(LOGIN_TEXTS.logInAgain, false);
      await authenticate(credentials, mechanism, userAgent);
    },
  };
}
