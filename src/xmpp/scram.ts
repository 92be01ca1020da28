// RFC 5802 — SCRAM-SHA-1, with PBKDF2 done by the browser in one call.
import ScramSha1 from 'sasl-scram-sha-1';

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
 * reuses `saltedPassword` when `salt` matches the server's.
 */
export class FastScramSha1 extends ScramSha1 {
  override async response(credentials: Record<string, unknown>): Promise<string> {
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

/** SASL mechanisms in order of preference for a password login. */
export const PASSWORD_MECHANISMS = ['SCRAM-SHA-1', 'PLAIN'] as const;

/**
 * Picks the mechanism for a login: ANONYMOUS when asked for, else SCRAM-SHA-1,
 * else PLAIN but only over a secure transport. `undefined` when none fits.
 */
export function chooseMechanism(
  offered: readonly string[],
  options: { anonymous: boolean; secure: boolean },
): string | undefined {
  if (options.anonymous) return offered.includes('ANONYMOUS') ? 'ANONYMOUS' : undefined;
  if (offered.includes('SCRAM-SHA-1')) return 'SCRAM-SHA-1';
  if (options.secure && offered.includes('PLAIN')) return 'PLAIN';
  return undefined;
}

/** `true` when a WebSocket URL is encrypted or stays on this machine. */
export function isSecureService(service: string): boolean {
  try {
    const url = new URL(service);
    return url.protocol === 'wss:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
