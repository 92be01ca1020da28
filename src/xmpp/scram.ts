// RFC 5802 / RFC 4616 — which SASL mechanism a login uses, and SCRAM-SHA-1 with its code loaded
// on first use.
import type { Mechanism, MechanismClass } from 'saslmechanisms';
import { loadScramSha1 } from './scram-sha-1.lazy.js';

/** What SCRAM-SHA-1 needs to log in again without the password (RFC 5802 §3). */
export interface ScramKeys {
  salt: Uint8Array;
  clientKey: Uint8Array;
  serverKey: Uint8Array;
}

/** What the real mechanism has beyond the SASL interface: the keys of its last exchange. */
type ScramMechanism = Mechanism & { cache?: ScramKeys };

/**
 * A SCRAM-SHA-1 mechanism for xmpp.js's SASL factory whose code (sasl-scram-sha-1, PBKDF2)
 * is fetched at its first response, that is only when a login really uses it: the factory
 * must know the name up front, or xmpp.js would not offer it to the login at all.
 * `onKeys` gets the keys of each exchange, to log in again without the password.
 */
export function lazyScramSha1(onKeys: (keys: ScramKeys) => void): MechanismClass {
  return class LazyScramSha1 {
    // On the prototype: the factory reads the name from there.
    get name(): string {
      return 'SCRAM-SHA-1';
    }
    get clientFirst(): boolean {
      return true;
    }
    private real: ScramMechanism | null = null;

    async response(credentials: Record<string, unknown>): Promise<string> {
      this.real ??= new (await loadScramSha1())() as ScramMechanism;
      const response = await this.real.response(credentials);
      if (this.real.cache) {
        const { salt, clientKey, serverKey } = this.real.cache;
        onKeys({ salt, clientKey, serverKey });
      }
      return response;
    }

    challenge(challenge: string): unknown {
      return this.real!.challenge(challenge);
    }
  };
}

/** SASL mechanisms in order of preference for a password login. */
export const PASSWORD_MECHANISMS = ['SCRAM-SHA-1', 'PLAIN'] as const;

/**
 * Picks the mechanism for a login: ANONYMOUS when asked for, else SCRAM-SHA-1, else PLAIN but
 * only over a secure transport; PLAIN first for a `throwaway` password the server already knows
 * (a guest's, on a secure transport). `undefined` when none fits.
 */
export function chooseMechanism(
  offered: readonly string[],
  options: { anonymous: boolean; secure: boolean; throwaway?: boolean },
): string | undefined {
  if (options.anonymous) return offered.includes('ANONYMOUS') ? 'ANONYMOUS' : undefined;
  if (options.throwaway && options.secure && offered.includes('PLAIN')) return 'PLAIN';
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
