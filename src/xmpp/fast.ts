// XEP-0484 — Fast Authentication Streamlining Tokens, inside SASL2 (XEP-0388).
//
// xmpp.js has a FAST module of its own, but it cannot invalidate a token (logout) and, when
// the server rejects a token, it goes on with the password mechanism with no password. This
// one is handed to @xmpp/sasl2 in its place (`sasl2.setup({ fast })`), with the same shape.
import type { Client } from '@xmpp/client-core';
import { Mechanism as HtSha256None } from '@xmpp/sasl-ht-sha-256-none';
import type { Credentials } from '@xmpp/sasl';
import type { Sasl2, Sasl2Authenticate } from '@xmpp/sasl2';
import { type Element, xml } from '@xmpp/xml';
import SASLFactory from 'saslmechanisms';
import { LOGIN_TEXTS, LoginError } from './login-error.js';

export const NS_FAST = 'urn:xmpp:fast:0';

/** A token the server issued, bound to one mechanism, with its expiry (ISO 8601). */
export interface FastToken {
  mechanism: string;
  token: string;
  expiry: string;
}

/** What FAST needs from the connection. */
export interface FastOptions {
  sasl2: Sasl2;
  /** The stored token, if any. */
  token: () => FastToken | null;
  /** A new token was issued (`null`: the stored one was rejected and is gone). */
  onToken: (token: FastToken | null) => void;
  /** Ask for a token when logging in with something else (not for anonymous logins). */
  wantToken: () => boolean;
  /**
   * The token was refused: fills `credentials` with something else to log in with (a
   * password, SCRAM keys) and resolves `true`, or resolves `false` when there is nothing.
   */
  fallBack: (credentials: Credentials) => Promise<boolean>;
  /** Authenticate with the token once more, asking the server to forget it (logout). */
  invalidate: () => boolean;
}

/** `true` when a token can be tried: its mechanism is offered and it has not expired. */
export function isTokenUsable(
  token: FastToken | null,
  offered: readonly string[],
  now = Date.now(),
): token is FastToken {
  if (!token?.token || !offered.includes(token.mechanism)) return false;
  const expiry = Date.parse(token.expiry);
  return Number.isNaN(expiry) || expiry > now;
}

/** Parses the `<token/>` of a SASL2 success; `null` when it is not a usable token. */
export function parseToken(element: Element, mechanism: string): FastToken | null {
  const { token, expiry } = element.attrs;
  if (!token || !mechanism) return null;
  return { mechanism, token, expiry: expiry ?? '' };
}

/** The FAST side of SASL2: offers the token first, and asks for one after other logins. */
export function createFast(options: FastOptions) {
  const saslFactory = new SASLFactory();
  saslFactory.use(HtSha256None);
  const supported = ['HT-SHA-256-NONE'];

  const fast = {
    /** The mechanism a new token would be bound to; `null` while the server offers no FAST. */
    mechanism: null as string | null,
    mechanisms: [] as string[],
    saslFactory,
    /** Called by @xmpp/sasl2 before the mechanism the client chose; `true` when it logged in. */
    async auth(args: {
      authenticate: Sasl2Authenticate;
      entity: Client;
      userAgent: Element;
      credentials: Credentials;
      streamFeatures: Element[];
      features: unknown;
    }): Promise<boolean> {
      if (!fast.mechanism) return false;
      const token = options.token();
      const request = () => {
        if (options.wantToken() && !options.invalidate()) {
          args.streamFeatures.push(
            xml('request-token', { xmlns: NS_FAST, mechanism: fast.mechanism ?? undefined }),
          );
        }
      };
      if (!isTokenUsable(token, fast.mechanisms)) {
        request();
        return false;
      }
      try {
        await args.authenticate({
          ...args,
          saslFactory,
          mechanism: token.mechanism,
          credentials: { ...args.credentials, password: token.token },
          streamFeatures: [
            ...args.streamFeatures,
            xml('fast', { xmlns: NS_FAST, invalidate: options.invalidate() ? 'true' : undefined }),
          ],
        });
        return true;
      } catch (error) {
        const condition = (error as { condition?: string }).condition;
        if (condition !== 'not-authorized' && condition !== 'credentials-expired') throw error;
        // XEP-0484 §4.2: the token is gone for good. Forget it, and log in another way if any.
        console.info('[chatlet] the server no longer accepts the saved sign-in token.');
        options.onToken(null);
        if (!(await options.fallBack(args.credentials))) {
          throw new LoginError(LOGIN_TEXTS.tokenExpired, false);
        }
        request();
        return false;
      }
    },
  };

  options.sasl2.use(
    NS_FAST,
    // Inline feature offered in <authentication/>: which mechanisms tokens can use.
    (element) => {
      const offered = element.getChildren('mechanism').map((m) => m.text());
      fast.mechanisms = supported.filter((name) => offered.includes(name));
      fast.mechanism = fast.mechanisms[0] ?? null;
    },
    // Inside <success/>: a new token (asked for, or rotated by the server).
    (element) => {
      if (!element.is('token', NS_FAST) || !fast.mechanism) return;
      const token = parseToken(element, fast.mechanism);
      if (token) options.onToken(token);
    },
  );
  return fast;
}

/** The FAST side of one connection. */
export type Fast = ReturnType<typeof createFast>;
