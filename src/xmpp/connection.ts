// RFC 6120 + RFC 7395 — a typed facade over xmpp.js: login, status, stanza routing.
import type { Element } from '@xmpp/xml';
import { createClient } from './client.js';
import { chooseMechanism, FastScramSha1, isSecureService } from './scram.js';

/** Where and how to log in. */
export interface ConnectionOptions {
  /** WebSocket URL. */
  service: string;
  domain: string;
  /** Local part; omitted for anonymous logins. */
  username?: string;
  password?: string;
  anonymous?: boolean;
  resource?: string;
  /** SCRAM keys from an earlier login, used when there is no password. */
  scramKeys?: ScramKeys;
}

/** What SCRAM-SHA-1 needs to log in again without the password (RFC 5802 §3). */
export interface ScramKeys {
  salt: Uint8Array;
  clientKey: Uint8Array;
  serverKey: Uint8Array;
}

/** The connection's state as the rest of Chatlet sees it. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error';

/** Answer to an incoming IQ: an element to return, `true` for an empty result, or an `<error/>`. */
export type IqAnswer = Element | true | undefined;

/** A live (or going) connection to one account. */
export interface Connection {
  /** Full JID once bound. */
  readonly jid: string | null;
  /** SCRAM keys of the last successful SCRAM login, to log in again without the password. */
  readonly scramKeys: ScramKeys | null;
  /** Connects and logs in; resolves with the bound full JID. Rejects with a readable message. */
  start(): Promise<string>;
  /** Logs out cleanly (unavailable presence is sent by the server). */
  stop(): Promise<void>;
  send(stanza: Element): Promise<void>;
  /** Sends an IQ and resolves with the result stanza, rejecting on an error reply or timeout. */
  request(iq: Element, timeout?: number): Promise<Element>;
  /** Registers the handler of incoming IQs of one type with one child element. */
  handleIq(type: 'get' | 'set', ns: string, name: string, handler: (iq: Element) => IqAnswer): void;
  /** Registers a handler for every incoming message and presence stanza. */
  onStanza(handler: (stanza: Element) => void): void;
  /** Status changes, with a readable reason for `error`. */
  onStatus(handler: (status: ConnectionStatus, reason?: string) => void): void;
  /** A fresh session started (not called on a stream-management resume). */
  onSession(handler: (jid: string) => void): void;
}

/** Creates a connection; nothing happens on the network until `start()`. */
export function createConnection(options: ConnectionOptions): Connection {
  const anonymous = options.anonymous === true;
  const xmpp = createClient({
    service: options.service,
    domain: options.domain,
    resource: options.resource,
    username: anonymous ? undefined : options.username,
    credentials: async (authenticate, mechanisms) => {
      const mechanism = chooseMechanism(mechanisms, {
        anonymous,
        secure: isSecureService(options.service),
      });
      if (!mechanism) {
        throw new LoginError(
          anonymous
            ? 'The server does not allow anonymous logins.'
            : 'The server offers no safe login method (SCRAM-SHA-1, or PLAIN over TLS).',
          false,
        );
      }
      if (!anonymous && options.password === undefined && mechanism !== 'SCRAM-SHA-1') {
        throw new LoginError('Please log in again.', false);
      }
      await authenticate(
        anonymous
          ? {}
          : {
              username: options.username,
              ...(options.password === undefined
                ? { ...options.scramKeys }
                : { password: options.password }),
            },
        mechanism,
      );
    },
  });

  let attemptKeys: ScramKeys | null = null;
  let scramKeys: ScramKeys | null = null;
  // One subclass per connection, so the keys of this login reach only this connection.
  xmpp.saslFactory.use(
    class extends FastScramSha1 {
      override async response(credentials: Record<string, unknown>): Promise<string> {
        const response = await super.response(credentials);
        if (this.cache) {
          const { salt, clientKey, serverKey } = this.cache;
          attemptKeys = { salt, clientKey, serverKey };
        }
        return response;
      }
    },
  );

  const stanzaHandlers: ((stanza: Element) => void)[] = [];
  const statusHandlers: ((status: ConnectionStatus, reason?: string) => void)[] = [];
  const sessionHandlers: ((jid: string) => void)[] = [];
  let status: ConnectionStatus = 'offline';
  let everOnline = false;
  let stopping = false;

  const setStatus = (next: ConnectionStatus, reason?: string) => {
    if (next === status && !reason) return;
    status = next;
    for (const handler of statusHandlers) handler(next, reason);
  };

  xmpp.on('status', (libraryStatus) => {
    if (stopping) return;
    if (libraryStatus === 'connecting' || libraryStatus === 'opening') {
      setStatus(everOnline ? 'reconnecting' : 'connecting');
    } else if (libraryStatus === 'disconnect' && everOnline) {
      setStatus('reconnecting');
    }
  });
  xmpp.on('online', (jid) => {
    everOnline = true;
    scramKeys = attemptKeys;
    setStatus('online');
    for (const handler of sessionHandlers) handler(jid.toString());
  });
  xmpp.streamManagement.on('resumed', () => setStatus('online'));
  xmpp.on('error', (error) => {
    // Socket errors are followed by a reconnect; log what the library reports.
    if (!stopping) console.debug('[chatlet] connection error:', error.message);
  });

  xmpp.middleware.use((ctx, next) => {
    const { stanza } = ctx;
    if (stanza.is('message') || stanza.is('presence')) {
      for (const handler of stanzaHandlers) {
        try {
          handler(stanza);
        } catch (error) {
          console.error(
            '[chatlet] dropped a stanza its handler could not process:',
            error,
            stanza.toString(),
          );
        }
      }
    }
    return next();
  });

  return {
    get jid() {
      return xmpp.jid?.toString() ?? null;
    },
    get scramKeys() {
      return scramKeys;
    },
    async start() {
      stopping = false;
      // Re-arm reconnection, which a failed start or stop() disarmed.
      xmpp.reconnect.stop();
      xmpp.reconnect.start();
      setStatus('connecting');
      try {
        const jid = await xmpp.start();
        return jid.toString();
      } catch (error) {
        const failure = toLoginError(error);
        console.debug('[chatlet] login failed:', error);
        stopping = true;
        xmpp.reconnect.stop();
        await xmpp.stop().catch(() => undefined);
        setStatus(failure.retryable ? 'connecting' : 'error', failure.message);
        throw failure;
      }
    },
    async stop() {
      stopping = true;
      xmpp.reconnect.stop();
      await xmpp.stop().catch(() => undefined);
      setStatus('offline');
    },
    send: (stanza) => xmpp.send(stanza),
    request: (iq, timeout) => xmpp.iqCaller.request(iq, timeout),
    handleIq(type, ns, name, handler) {
      xmpp.iqCallee[type](ns, name, (ctx) => handler(ctx.stanza));
    },
    onStanza: (handler) => void stanzaHandlers.push(handler),
    onStatus: (handler) => void statusHandlers.push(handler),
    onSession: (handler) => void sessionHandlers.push(handler),
  };
}

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
