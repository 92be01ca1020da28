// RFC 5802 — SCRAM-SHA-1, with PBKDF2 done by the browser in one call. Loaded only for a
// password login (scram-sha-1.lazy.ts): a page that signs in with a token never needs it.
import ScramSha1 from 'sasl-scram-sha-1';
import { LoginError } from './login-error.js';

/**
 * The fewest PBKDF2 rounds accepted (RFC 7677 §4 asks for at least 4096): a server, or someone
 * in between, asking for fewer would get a proof that is cheap to crack for the password.
 */
export const MIN_ITERATIONS = 4096;

/**
 * Salted password per RFC 5802 §2.2 (`Hi()`), which is PBKDF2-HMAC-SHA-1.
 * `crypto.subtle.deriveBits` does it in 2–3 ms where the mechanism's own loop
 * of 10,000 awaited HMACs takes about 100 ms.
 */
export async function saltedPassword(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-1', salt: salt as BufferSource, iterations },
    key,
    160,
  );
  return new Uint8Array(bits);
}

/**
 * The SCRAM-SHA-1 mechanism of js-sasl-scram-sha-1, handed a salted password
 * computed by {@link saltedPassword} so it skips its slow loop. The mechanism
 * reuses `saltedPassword` when `salt` matches the server's. Refuses a server's
 * challenge with fewer than {@link MIN_ITERATIONS} rounds.
 */
export class FastScramSha1 extends ScramSha1 {
  override async response(credentials: Record<string, unknown>): Promise<string> {
    if (this._stage === 'challenge' && this._iterationCount < MIN_ITERATIONS) {
      throw new LoginError(
        `The server asked for a weak password check (${this._iterationCount} rounds); not logging in.`,
        false,
      );
    }
    if (this._stage === 'challenge' && typeof credentials['password'] === 'string') {
      const salted = await saltedPassword(
        credentials['password'],
        this._salt,
        this._iterationCount,
      );
      return super.response({ ...credentials, salt: this._salt, saltedPassword: salted });
    }
    return super.response(credentials);
  }
}
