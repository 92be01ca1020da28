// RFC 6120 + RFC 7395 — the composition root: xmpp.js features wired the way @xmpp/client wires them.
//
// @xmpp/client 0.14 also loads what a browser widget with a fixed WebSocket URL never uses
// (host-meta discovery, TCP, TLS, STARTTLS, Bind 2). This mirrors its `client()`
// for the parts kept, in the same order: the order of middleware and stream features is the
// order stanzas are routed and features negotiated.
import { Client, jid } from '@xmpp/client-core';
import createIqCallee, { type IqCallee } from '@xmpp/iq/callee.js';
import createIqCaller, { type IqCaller } from '@xmpp/iq/caller.js';
import createMiddleware, { type Middleware } from '@xmpp/middleware';
import createReconnect, { type Reconnect } from '@xmpp/reconnect';
import resourceBinding from '@xmpp/resource-binding';
import sasl, { type OnAuthenticate } from '@xmpp/sasl';
import createSasl2 from '@xmpp/sasl2';
import createStreamFeatures, { type StreamFeatures } from '@xmpp/stream-features';
import createStreamManagement, { type StreamManagement } from '@xmpp/stream-management';
import websocket from '@xmpp/websocket';
import { type Element, xml } from '@xmpp/xml';
import Anonymous from 'sasl-anonymous';
import Plain from 'sasl-plain';
import SASLFactory from 'saslmechanisms';
import { createFast, type Fast, type FastOptions } from './fast.js';
import { isReplyFrom } from './iq.js';
import { checkAckCount } from './sm-state.js';

/** Where to connect and how to log in. */
export interface ClientOptions {
  /** WebSocket URL (`ws://` or `wss://`). */
  service: string;
  domain: string;
  /** Resource to bind; the server picks one when omitted. */
  resource?: string;
  /** Local part, known before login: sets `jid` so the stream header can carry `from`. */
  username?: string;
  /** Stream open/close timeout in ms (default 2000). */
  timeout?: number;
  /** Picks a mechanism among those offered and calls `authenticate` with the credentials. */
  credentials: OnAuthenticate;
  /**
   * XEP-0077: an account to register in-band before logging in, when the server offers
   * registration; `null` for none. `onRegistered` hears whether it worked.
   */
  register?: () => { username: string; password: string } | null;
  onRegistered?: (ok: boolean) => void;
  /** FAST tokens (XEP-0484): where the token comes from and goes to. */
  fast: Omit<FastOptions, 'sasl2'>;
  /** A frame that is not one well-formed element arrived; the stream cannot be trusted. */
  onMalformed: (problem: string, frame: string) => void;
}

/** The entity with the features wired into it. */
export interface XmppClient extends Client {
  entity: Client;
  reconnect: Reconnect;
  middleware: Middleware;
  streamFeatures: StreamFeatures;
  iqCaller: IqCaller;
  iqCallee: IqCallee;
  /** SASL mechanisms, in order of registration; add more with `use()`. */
  saslFactory: SASLFactory;
  streamManagement: StreamManagement;
  /** FAST over SASL2; `mechanism` is set while the server offers it. */
  fast: Fast;
  /** Sends an IQ; resolves with the reply from the entity asked (RFC 6120 §8.1.2.1). */
  request(iq: Element, timeout?: number): Promise<Element>;
}

/** Creates a client; nothing happens on the network until `start()`. */
export function createClient(options: ClientOptions): XmppClient {
  const {
    resource,
    credentials,
    username,
    onMalformed,
    fast: fastOptions,
    register,
    onRegistered,
    ...params
  } = options;

  const entity = new Client(params);
  // XEP-0198: an `h` above what was sent would make xmpp.js throw half-way through its
  // queue; lower it before any other listener sees it (listeners run in registration order).
  entity.on('element', (element: Element) => {
    if (element.getNS() !== 'urn:xmpp:sm:3' || !(element.is('a') || element.is('resumed'))) {
      return;
    }
    element.attrs.h = String(checkAckCount(Number(element.attrs.h), streamManagement));
  });
  // Known before login: over TLS the stream header then carries `from` (RFC 6120 §4.7.1),
  // which servers need before they offer FAST.
  if (username && params.domain) {
    entity.jid = jid(username, params.domain);
  }

  // Transport, and reconnecting after every disconnect.
  const reconnect = createReconnect({ entity });
  websocket({ entity });

  // Routing, in this order: stream features; stream management, which must count every
  // incoming stanza (IQs too, or the server resends them on resume); the guard that drops IQ
  // replies from anyone but the entity asked; then replies matched, then queries answered.
  const middleware = createMiddleware({ entity });
  const streamFeatures = createStreamFeatures({ middleware });
  // Negotiated after SASL: it resumes, or else lets resource binding run first and then
  // enables (XEP-0198 §3). Its timers are off: the connection watches the link itself.
  const streamManagement = createStreamManagement({
    streamFeatures,
    entity,
    middleware,
    bind2: undefined,
    sasl2: undefined,
  });
  streamManagement.requestAckInterval = 0;
  streamManagement.timeout = 0;
  // Ask for an ack soon after a message goes out: it is what turns "queued" into "sent".
  streamManagement.requestAckDebounce = 30;
  const askedOf = new Map<string, string | undefined>();
  middleware.use((ctx, next) => {
    const { stanza } = ctx;
    const reply = stanza.is('iq') && (ctx.type === 'result' || ctx.type === 'error');
    if (!reply || !askedOf.has(ctx.id)) return next();
    if (!isReplyFrom(stanza.attrs.from, askedOf.get(ctx.id), entity.jid?.toString() ?? '')) {
      console.warn(
        `[chatlet] dropped an IQ reply from ${stanza.attrs.from ?? 'the server'} to a request sent to ${askedOf.get(ctx.id) ?? 'the own account'}:`,
        stanza.toString(),
      );
      return undefined;
    }
    askedOf.delete(ctx.id);
    return next();
  });
  const iqCaller = createIqCaller({ middleware, entity });
  const iqCallee = createIqCallee({ middleware, entity });

  /** Sends an IQ and resolves with the reply of the entity it was sent to, and no one else. */
  async function request(iq: Element, timeout?: number): Promise<Element> {
    iq.attrs.id ??= crypto.randomUUID();
    const id = iq.attrs.id;
    askedOf.set(id, iq.attrs.to);
    try {
      return await iqCaller.request(iq, timeout);
    } finally {
      askedOf.delete(id);
    }
  }

  // SASL mechanisms; the order of registration is the order offered to `credentials`.
  const saslFactory = new SASLFactory();
  saslFactory.use(Plain);
  saslFactory.use(Anonymous);
  // XEP-0077 §3.1: register before logging in, on the same stream.
  streamFeatures.use('register', 'http://jabber.org/features/iq-register', async (_, next) => {
    const account = register?.();
    if (account) {
      try {
        await request(
          xml(
            'iq',
            { type: 'set', id: crypto.randomUUID() },
            xml(
              'query',
              { xmlns: 'jabber:iq:register' },
              xml('username', {}, account.username),
              xml('password', {}, account.password),
            ),
          ),
        );
        onRegistered?.(true);
      } catch (error) {
        console.info('[chatlet] the server refused to register a guest account:', error);
        onRegistered?.(false);
      }
    }
    return next();
  });
  // SASL2 (XEP-0388) before classic SASL: a server offering both gets SASL2, and with it FAST.
  const sasl2 = createSasl2({ streamFeatures, saslFactory }, credentials);
  const fast = createFast({ sasl2, ...fastOptions });
  sasl2.setup({ fast });
  sasl({ streamFeatures, saslFactory }, credentials);
  resourceBinding({ iqCaller, streamFeatures }, resource);

  // XEP-0199: answer the server's pings.
  iqCallee.get('urn:xmpp:ping', 'ping', () => ({}));

  // RFC 7395 §3.3.3: every WebSocket message is one whole XML element. xmpp.js's parser throws
  // on an undefined entity and silently swallows a DOCTYPE or half an element, after which the
  // client looks online and hears nothing; check each frame and report what is wrong instead.
  entity._onData = (data: unknown) => {
    const parser = entity.parser;
    if (!parser) return;
    const frame = String(data);
    let problem: string | undefined;
    // RFC 6120 §11.1: no DTDs, comments or processing instructions on an XMPP stream.
    if (/<[!?]/.test(frame)) problem = 'restricted XML (a DTD, comment or processing instruction)';
    else {
      try {
        parser.write(frame);
        if (parser.cursor) problem = 'an incomplete element';
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    if (problem) onMalformed(problem, frame);
  };

  return Object.assign(entity, {
    entity,
    reconnect,
    middleware,
    streamFeatures,
    iqCaller,
    iqCallee,
    saslFactory,
    streamManagement,
    fast,
    request,
  });
}
