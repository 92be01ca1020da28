// RFC 6120 + RFC 7395 — the composition root: xmpp.js features wired the way @xmpp/client wires them.
//
// @xmpp/client 0.14 also loads what a browser widget with a fixed WebSocket URL never uses
// (host-meta discovery, TCP, TLS, STARTTLS, SASL2, FAST, Bind 2). This mirrors its `client()`
// for the parts kept, in the same order: the order of middleware and stream features is the
// order stanzas are routed and features negotiated.
import { Client, jid } from '@xmpp/client-core';
import createIqCallee, { type IqCallee } from '@xmpp/iq/callee.js';
import createIqCaller, { type IqCaller } from '@xmpp/iq/caller.js';
import createMiddleware, { type Middleware } from '@xmpp/middleware';
import createReconnect, { type Reconnect } from '@xmpp/reconnect';
import resourceBinding from '@xmpp/resource-binding';
import sasl, { type OnAuthenticate } from '@xmpp/sasl';
import createStreamFeatures, { type StreamFeatures } from '@xmpp/stream-features';
import createStreamManagement, { type StreamManagement } from '@xmpp/stream-management';
import websocket from '@xmpp/websocket';
import Anonymous from 'sasl-anonymous';
import Plain from 'sasl-plain';
import SASLFactory from 'saslmechanisms';

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
}

/** Creates a client; nothing happens on the network until `start()`. */
export function createClient(options: ClientOptions): XmppClient {
  const { resource, credentials, username, ...params } = options;

  const entity = new Client(params);
  // Known before login: over TLS the stream header then carries `from` (RFC 6120 §4.7.1),
  // which servers need before they offer FAST.
  if (username && params.domain) {
    entity.jid = jid(username, params.domain);
  }

  // Transport, and reconnecting after every disconnect.
  const reconnect = createReconnect({ entity });
  websocket({ entity });

  // Routing: IQ replies are matched before IQ queries are answered.
  const middleware = createMiddleware({ entity });
  const streamFeatures = createStreamFeatures({ middleware });
  const iqCaller = createIqCaller({ middleware, entity });
  const iqCallee = createIqCallee({ middleware, entity });

  // SASL mechanisms; the order of registration is the order offered to `credentials`.
  const saslFactory = new SASLFactory();
  saslFactory.use(Plain);
  saslFactory.use(Anonymous);

  // Stream features, in order of negotiation: SASL, then stream management, which resumes
  // or else lets resource binding run first and then enables (XEP-0198 §3).
  sasl({ streamFeatures, saslFactory }, credentials);
  const streamManagement = createStreamManagement({
    streamFeatures,
    entity,
    middleware,
    bind2: undefined,
    sasl2: undefined,
  });
  resourceBinding({ iqCaller, streamFeatures }, resource);

  // XEP-0199: answer the server's pings.
  iqCallee.get('urn:xmpp:ping', 'ping', () => ({}));

  return Object.assign(entity, {
    entity,
    reconnect,
    middleware,
    streamFeatures,
    iqCaller,
    iqCallee,
    saslFactory,
    streamManagement,
  });
}
