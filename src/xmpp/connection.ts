// RFC 6120 + RFC 7395 — a typed facade over xmpp.js: login, status, stanza routing.
import { type Element, xml } from '@xmpp/xml';
import { createClient } from './client.js';
import { LoginError, terminalReason, toLoginError } from './login-error.js';
import { chooseMechanism, FastScramSha1, isSecureService } from './scram.js';

export { describeLoginError, LoginError, toLoginError } from './login-error.js';

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
  /** The session was resumed after a lost link (XEP-0198): nothing was lost either way. */
  onResume(handler: () => void): void;
  /** The server acknowledged an outgoing stanza (XEP-0198 `<a/>`). */
  onAck(handler: (stanza: Element) => void): void;
  /** The session could not be resumed: this outgoing stanza may never have arrived. */
  onUnacked(handler: (stanza: Element) => void): void;
  /** `true` while the server acknowledges stanzas (XEP-0198 enabled); else none will come. */
  readonly tracksAcks: boolean;
}

/** First wait and cap between reconnection attempts, in ms (doubled each time, with jitter). */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** After this long without a byte from the server, ask it for a sign of life. */
const IDLE_MS = 5_000;
/** After this long without a byte, the link is dead: drop it and reconnect (resuming). */
const DEAD_MS = 11_000;
/**
 * The longest a new socket may take to open. A browser keeps a WebSocket "connecting" for as
 * long as the network swallows packets, and xmpp.js waits for it without a limit.
 */
const CONNECT_MS = 10_000;

/** The wait before reconnection attempt `n` (0-based): exponential, capped, half jittered. */
export function reconnectDelay(n: number, random = Math.random()): number {
  const ceiling = Math.min(RECONNECT_FIRST_MS * 2 ** n, RECONNECT_MAX_MS);
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

/** Creates a connection; nothing happens on the network until `start()`. */
export function createConnection(options: ConnectionOptions): Connection {
  const anonymous = options.anonymous === true;
  const xmpp = createClient({
    service: options.service,
    domain: options.domain,
    resource: options.resource,
    username: anonymous ? undefined : options.username,
    onMalformed: (problem, frame) => malformed(problem, frame),
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
  const resumeHandlers: (() => void)[] = [];
  const ackHandlers: ((stanza: Element) => void)[] = [];
  const unackedHandlers: ((stanza: Element) => void)[] = [];
  let status: ConnectionStatus = 'offline';
  let everOnline = false;
  let stopping = false;
  let attempts = 0;
  let lastHeard = 0;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus, reason?: string) => {
    if (next === status && !reason) return;
    status = next;
    for (const handler of statusHandlers) handler(next, reason);
  };

  xmpp.reconnect.delay = reconnectDelay(0);
  xmpp.reconnect.on('reconnecting', () => {
    // The wait before the next attempt, should this one fail too.
    attempts += 1;
    xmpp.reconnect.delay = reconnectDelay(attempts);
  });
  const connected = () => {
    attempts = 0;
    xmpp.reconnect.delay = reconnectDelay(0);
    lastHeard = Date.now();
    startWatchdog();
  };

  xmpp.on('status', (libraryStatus) => {
    clearTimeout(connectTimer);
    if (stopping) return;
    if (libraryStatus === 'connecting') {
      connectTimer = setTimeout(() => {
        console.info('[chatlet] the server did not answer in time; trying again.');
        dropLink();
      }, CONNECT_MS);
    }
    if (libraryStatus === 'connecting' || libraryStatus === 'opening') {
      setStatus(everOnline ? 'reconnecting' : 'connecting');
    } else if (libraryStatus === 'disconnect') {
      stopWatchdog();
      if (everOnline) setStatus('reconnecting');
    }
  });
  xmpp.on('online', (jid) => {
    everOnline = true;
    scramKeys = attemptKeys;
    connected();
    setStatus('online');
    for (const handler of sessionHandlers) handler(jid.toString());
  });
  xmpp.streamManagement.on('resumed', () => {
    connected();
    setStatus('online');
    for (const handler of resumeHandlers) handler();
  });
  xmpp.streamManagement.on('ack', (stanza) => {
    for (const handler of ackHandlers) handler(stanza);
  });
  xmpp.streamManagement.on('fail', (stanza) => {
    for (const handler of unackedHandlers) handler(stanza);
  });
  xmpp.on('element', () => {
    lastHeard = Date.now();
  });
  xmpp.on('error', (error) => {
    if (stopping) return;
    const terminal = terminalReason(error.condition);
    if (terminal && everOnline) {
      // Reconnecting would be refused again (or fight another login): stop, and say why.
      console.warn(`[chatlet] the server ended the session (${error.condition}).`);
      stopping = true;
      xmpp.reconnect.stop();
      stopWatchdog();
      void xmpp.stop().catch(() => undefined);
      setStatus('error', terminal);
      return;
    }
    // Socket errors are followed by a reconnect; log what the library reports.
    console.debug('[chatlet] connection error:', error.message);
  });

  /**
   * Ends the link without the `<close/>` xmpp.js would send first: a closed stream cannot be
   * resumed, and a dead or distrusted link is exactly what XEP-0198 resumption is for.
   */
  function dropLink() {
    stopWatchdog();
    xmpp._detachParser();
    // xmpp.js refuses to write while 'closing'; disconnect() then closes only the socket.
    xmpp.status = 'closing';
    void xmpp.disconnect().catch(() => undefined);
  }

  function malformed(problem: string, frame: string) {
    console.error(
      `[chatlet] the server sent ${problem}; reconnecting. The frame:`,
      frame.slice(0, 2_000),
    );
    // RFC 6120 §4.9.3.13: the stream is over. Say so, then start again (and catch up).
    xmpp._detachParser();
    void xmpp
      .send(
        xml(
          'stream:error',
          {},
          xml('not-well-formed', { xmlns: 'urn:ietf:params:xml:ns:xmpp-streams' }),
        ),
      )
      .catch(() => undefined)
      .finally(dropLink);
  }

  // A link can die without a FIN (a sleeping laptop, a dropped NAT mapping): after a quiet
  // spell ask the server for a sign of life, and give up on the link if none comes.
  function startWatchdog() {
    stopWatchdog();
    let asked = 0;
    watchdog = setInterval(() => {
      const quiet = Date.now() - lastHeard;
      if (quiet >= DEAD_MS) {
        console.info(`[chatlet] no word from the server for ${quiet} ms; reconnecting.`);
        dropLink();
      } else if (quiet >= IDLE_MS && Date.now() - asked >= IDLE_MS) {
        asked = Date.now();
        const probe = xmpp.streamManagement.enabled
          ? xml('r', { xmlns: 'urn:xmpp:sm:3' })
          : xml(
              'iq',
              { type: 'get', id: crypto.randomUUID() },
              xml('ping', { xmlns: 'urn:xmpp:ping' }),
            );
        void xmpp.send(probe).catch(() => undefined);
      }
    }, 1_000);
  }
  function stopWatchdog() {
    clearInterval(watchdog);
    watchdog = undefined;
  }

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
      stopWatchdog();
      clearTimeout(connectTimer);
      xmpp.reconnect.stop();
      await xmpp.stop().catch(() => undefined);
      setStatus('offline');
    },
    get tracksAcks() {
      return xmpp.streamManagement.enabled || xmpp.streamManagement.enableSent;
    },
    send: (stanza) => xmpp.send(stanza),
    request: (iq, timeout) => xmpp.request(iq, timeout),
    handleIq(type, ns, name, handler) {
      xmpp.iqCallee[type](ns, name, (ctx) => handler(ctx.stanza));
    },
    onStanza: (handler) => void stanzaHandlers.push(handler),
    onStatus: (handler) => void statusHandlers.push(handler),
    onSession: (handler) => void sessionHandlers.push(handler),
    onResume: (handler) => void resumeHandlers.push(handler),
    onAck: (handler) => void ackHandlers.push(handler),
    onUnacked: (handler) => void unackedHandlers.push(handler),
  };
}
