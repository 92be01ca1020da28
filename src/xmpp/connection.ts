// RFC 6120 + RFC 7395 — a typed facade over xmpp.js: the link (status, watchdog, reconnects,
// malformed frames) and stanza routing; what to log in with is in login.ts.
import { jid } from '@xmpp/client-core';
import { type Element, xml } from '@xmpp/xml';
import { createClient } from './client.js';
import type { FastToken } from './fast.js';
import { createLogin } from './login.js';
import { terminalReason, toLoginError } from './login-error.js';
import { lazyScramSha1, type ScramKeys } from './scram.js';
import { captureSm, restoreSm, type SmState } from './sm-state.js';

export type { FastToken } from './fast.js';
export type { SmState } from './sm-state.js';

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
  /** A FAST token (XEP-0484) from an earlier login: tried before anything else. */
  token?: FastToken | null;
  /**
   * The token and SCRAM keys, still being read (from IndexedDB) when the connection starts:
   * the socket opens meanwhile, and the login waits for them.
   */
  secrets?: Promise<{ token?: FastToken; scramKeys?: ScramKeys }>;
  /** The server issued a new token (`null`: the saved one was refused). Store it. */
  onToken?: (token: FastToken | null) => void;
  /** This device's stable id (`<user-agent id/>`, XEP-0388): servers key tokens by it. */
  deviceId?: string;
  /** A session saved by an earlier page: the first login resumes it (XEP-0198). */
  resume?: SmState | null;
  /** Log in with the token only to have the server invalidate it (logout). */
  invalidateToken?: boolean;
  /**
   * Asked for a password when nothing else works (no token, no keys, or they were refused):
   * the page's `credentials` callback. Used for that one login and not kept.
   */
  fetchPassword?: () => Promise<string>;
  /**
   * A throwaway account to register in-band (XEP-0077) and log in to, with a token asked for
   * at once. Where the server does not allow registration, the login is anonymous instead.
   */
  guest?: { username: string; password: string };
  /** Whether the guest account could be registered (`false`: logged in anonymously). */
  onGuest?: (registered: boolean) => void;
}

export type { ScramKeys } from './scram.js';

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
  /**
   * Lets go of the session without ending it: the link is dropped with no `<close/>`, nothing
   * more is counted or acknowledged, and no reconnection follows. Another page or tab resumes
   * the session from `smState()` as it was just before. Final, like `stop()`.
   */
  leave(): void;
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
  /** What the next page needs to resume this session, or `null` when it cannot be resumed. */
  smState(): SmState | null;
  /**
   * The resumable state changed: `urgent` after a stanza went out or was acknowledged (store
   * it now), not urgent after one came in (storing it soon is enough).
   */
  onSmChange(handler: (urgent: boolean) => void): void;
  /** Stanzas restored from `resume`, unacknowledged on the page that sent them. */
  readonly restored: readonly Element[];
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

/** The longest a login may take once the socket is open (xmpp.js waits for ever). */
const LOGIN_MS = 15_000;

/**
 * Hands an incoming message or presence to every handler; one that throws loses that stanza
 * (logged), never the ones after it.
 */
export function deliverStanza(handlers: readonly ((stanza: Element) => void)[], stanza: Element) {
  for (const handler of handlers) {
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

/** Creates a connection; nothing happens on the network until `start()`. */
export function createConnection(options: ConnectionOptions): Connection {
  const anonymous = options.anonymous === true;
  const xmpp = createClient({
    service: options.service,
    domain: options.domain,
    resource: options.resource,
    username: anonymous ? undefined : options.username,
    onMalformed: (problem, frame) => malformed(problem, frame),
    ...createLogin(options, () => xmpp.fast),
  });
  const restored = options.resume ? restoreSm(xmpp.streamManagement, options.resume) : [];
  if (options.resume) xmpp.jid = jid(options.resume.jid);

  let attemptKeys: ScramKeys | null = null;
  let scramKeys: ScramKeys | null = null;
  // One class per connection, so the keys of this login reach only this connection.
  xmpp.saslFactory.use(
    lazyScramSha1((keys) => {
      attemptKeys = keys;
    }),
  );

  const stanzaHandlers: ((stanza: Element) => void)[] = [];
  const statusHandlers: ((status: ConnectionStatus, reason?: string) => void)[] = [];
  const sessionHandlers: ((jid: string) => void)[] = [];
  const resumeHandlers: (() => void)[] = [];
  const ackHandlers: ((stanza: Element) => void)[] = [];
  const unackedHandlers: ((stanza: Element) => void)[] = [];
  const smHandlers: ((urgent: boolean) => void)[] = [];
  const smChanged = (urgent: boolean) => {
    for (const handler of smHandlers) handler(urgent);
  };
  /** The full JID bound to the session; SASL2 leaves the library with the bare one on resume. */
  let bound = options.resume?.jid;
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
      // What FAST a server offers is learnt anew on every stream.
      xmpp.fast.mechanism = null;
      xmpp.fast.mechanisms = [];
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
    bound = jid.toString();
    scramKeys = attemptKeys;
    connected();
    setStatus('online');
    smChanged(true);
    for (const handler of sessionHandlers) handler(jid.toString());
  });
  xmpp.streamManagement.on('resumed', () => {
    everOnline = true;
    connected();
    setStatus('online');
    smChanged(true);
    for (const handler of resumeHandlers) handler();
  });
  xmpp.streamManagement.on('ack', (stanza) => {
    for (const handler of ackHandlers) handler(stanza);
    smChanged(true);
  });
  xmpp.streamManagement.on('fail', (stanza) => {
    for (const handler of unackedHandlers) handler(stanza);
  });
  xmpp.on('element', (element) => {
    lastHeard = Date.now();
    // Before xmpp.js handles <resumed/>: what it re-sends and reports must carry the full JID.
    if (bound && element.is('resumed', 'urn:xmpp:sm:3')) xmpp.jid = jid(bound);
    // xmpp.js takes the new session id a few promise hops later.
    else if (element.is('enabled', 'urn:xmpp:sm:3')) setTimeout(() => smChanged(true));
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

  // Outgoing: stream management has just queued the stanza (its filter runs first); store the
  // queue before the stanza is on the wire.
  xmpp.middleware.filter((ctx, next) => {
    if (xmpp.streamManagement.enabled && ['message', 'presence', 'iq'].includes(ctx.stanza.name)) {
      smChanged(true);
    }
    return next();
  });

  xmpp.middleware.use((ctx, next) => {
    const { stanza } = ctx;
    smChanged(false);
    if (stanza.is('message') || stanza.is('presence')) deliverStanza(stanzaHandlers, stanza);
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
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // A saved session resumes without 'online' (and xmpp.start() then never settles).
        const resumed = new Promise<string>((resolve) =>
          xmpp.streamManagement.on('resumed', () => resolve(bound ?? '')),
        );
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('The server did not finish the login in time.')),
            LOGIN_MS,
          );
        });
        return await Promise.race([xmpp.start().then((jid) => jid.toString()), resumed, late]);
      } catch (error) {
        const failure = toLoginError(error);
        console.debug('[chatlet] login failed:', error);
        stopping = true;
        xmpp.reconnect.stop();
        await xmpp.stop().catch(() => undefined);
        setStatus(failure.retryable ? 'connecting' : 'error', failure.message);
        throw failure;
      } finally {
        clearTimeout(timer);
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
    leave() {
      stopping = true;
      clearTimeout(connectTimer);
      xmpp.reconnect.stop();
      dropLink();
    },
    get tracksAcks() {
      return xmpp.streamManagement.enabled || xmpp.streamManagement.enableSent;
    },
    smState: () => (stopping ? null : captureSm(xmpp.streamManagement, bound)),
    onSmChange: (handler) => void smHandlers.push(handler),
    restored,
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
