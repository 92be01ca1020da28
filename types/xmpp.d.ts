// Minimal types for the parts of xmpp.js Chatlet uses. xmpp.js ships none, and
// @types/xmpp__client drags Node's types into browser code.

declare module '@xmpp/xml' {
  /** An ltx element: a stanza or any XML element inside one. */
  export class Element {
    constructor(name: string, attrs?: Record<string, string | number | undefined>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: (Element | string)[];
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string, xmlns?: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getText(): string;
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    attr(name: string, value?: string): string | undefined;
    append(...nodes: (Element | string)[]): Element;
    c(name: string, attrs?: Record<string, string | undefined>): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    toString(): string;
  }
  type Child = Element | string | number | null | undefined | false | Child[];
  /** Builds an element: `xml('message', { to }, xml('body', {}, text))`. */
  export function xml(
    name: string,
    attrs?: Record<string, string | number | undefined> | null,
    ...children: Child[]
  ): Element;
  export class Parser {
    constructor();
    write(data: string): void;
    end(data?: string): void;
    on(event: 'start' | 'element' | 'end', listener: (el: Element) => void): void;
    on(event: 'error', listener: (error: Error) => void): void;
  }
  export default xml;
}

declare module '@xmpp/xml/lib/parse.js' {
  import type { Element } from '@xmpp/xml';
  /** Parses one complete XML document into an element; throws on malformed XML. */
  export default function parse(text: string): Element;
}

declare module '@xmpp/client-core' {
  import type { Element } from '@xmpp/xml';

  /** An XMPP address (RFC 7622). */
  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
  }

  /** Parses a JID, or builds one from its parts. */
  export function jid(address: string): JID;
  export function jid(local: string | undefined, domain: string, resource?: string): JID;

  /** What the entity itself reads: where to connect and which host to open a stream to. */
  export interface EntityOptions {
    service: string;
    domain: string;
    lang?: string;
    /** Stream open/close timeout in ms (default 2000). */
    timeout?: number;
  }

  /** The client end of one XML stream (RFC 6120 §4): socket, parser, status and events. */
  export class Client {
    constructor(options: EntityOptions);
    /** Set before login for the stream's `from`; the bound full JID after resource binding. */
    jid: JID | null;
    status: string;
    options: EntityOptions;
    /** Transport classes tried in order by `connect()`; filled by `@xmpp/websocket`. */
    transports: unknown[];
    isSecure(): boolean;
    /** The stream's parser while a stream is open (a framed ltx parser; `cursor` is the open element). */
    parser: { write(data: string): void; cursor: unknown } | null;
    /** Handles one frame of socket data; replaceable before the first connect. */
    _onData(data: unknown): void;
    _detachParser(): void;
    /** Connects, opens the stream and resolves with the bound JID once `online`. */
    start(): Promise<JID>;
    /** Closes the stream and the socket, then goes `offline`. */
    stop(): Promise<Element | undefined>;
    disconnect(): Promise<Element | undefined>;
    send(element: Element): Promise<void>;
    write(data: string): Promise<void>;
    on(event: 'online', listener: (jid: JID) => void): this;
    on(
      event:
        | 'offline'
        | 'connecting'
        | 'opening'
        | 'open'
        | 'closing'
        | 'close'
        | 'disconnecting'
        | 'disconnect',
      listener: () => void,
    ): this;
    on(event: 'status', listener: (status: string, value?: unknown) => void): this;
    on(event: 'error', listener: (error: Error & { condition?: string }) => void): this;
    on(event: 'stanza' | 'element' | 'nonza' | 'send', listener: (element: Element) => void): this;
    on(event: 'input' | 'output', listener: (data: string) => void): this;
    off(event: string, listener: (...args: never[]) => void): this;
  }
}

declare module '@xmpp/middleware' {
  import type { Client, JID } from '@xmpp/client-core';
  import type { Element } from '@xmpp/xml';

  /** One stanza (or nonza) on its way through the middleware chain. */
  export interface MiddlewareContext {
    stanza: Element;
    entity: Client;
    name: string;
    /** `type` attribute, defaulted (`normal` for messages, `available` for presence). */
    type: string;
    id: string;
    from: JID | null;
    to: JID | null;
  }

  export type Next = () => Promise<unknown>;
  /** A middleware: handles the stanza, or calls `next()`; what it returns (an element) is sent as the reply. */
  export type Handler = (ctx: MiddlewareContext, next: Next) => unknown;

  /** Koa-style chains of incoming (`use`) and outgoing (`filter`) stanzas. */
  export interface Middleware {
    use(fn: Handler): Handler;
    filter(fn: Handler): Handler;
  }

  export default function middleware(deps: { entity: Client }): Middleware;
}

declare module '@xmpp/stream-features' {
  import type { Handler, Middleware, MiddlewareContext, Next } from '@xmpp/middleware';
  import type { Element } from '@xmpp/xml';

  /** Registers stream-feature handlers; the order of `use` calls is the order of negotiation. */
  export interface StreamFeatures {
    use(
      name: string,
      xmlns: string,
      handler: (ctx: MiddlewareContext, next: Next, feature: Element) => unknown,
    ): Handler;
  }

  export default function streamFeatures(deps: { middleware: Middleware }): StreamFeatures;
}

declare module '@xmpp/iq/caller.js' {
  import type { Client } from '@xmpp/client-core';
  import type { Middleware } from '@xmpp/middleware';
  import type { Element } from '@xmpp/xml';

  /** Sends IQs and matches their replies by id (RFC 6120 §8.2.3). */
  export interface IqCaller {
    /** Resolves with the `result` stanza; rejects with a StanzaError on `error`, or on timeout (30 s). */
    request(stanza: Element, timeout?: number): Promise<Element>;
    /** Wraps `element` in an IQ and resolves with the reply's child of the same name. */
    get(element: Element, to?: string, timeout?: number): Promise<Element>;
    set(element: Element, to?: string, timeout?: number): Promise<Element>;
  }

  export default function iqCaller(deps: { middleware: Middleware; entity: Client }): IqCaller;
}

declare module '@xmpp/iq/callee.js' {
  import type { Client } from '@xmpp/client-core';
  import type { Middleware, MiddlewareContext, Next } from '@xmpp/middleware';
  import type { Element } from '@xmpp/xml';

  /** The context of an incoming IQ query, with its one child element. */
  export interface IqContext extends MiddlewareContext {
    element: Element;
  }

  /**
   * Answers incoming IQ queries: a handler returns an element (the result's child, or an
   * `<error/>`), any other truthy value for an empty result, or nothing for service-unavailable.
   */
  export interface IqCallee {
    get(ns: string, name: string, handler: (ctx: IqContext, next: Next) => unknown): void;
    set(ns: string, name: string, handler: (ctx: IqContext, next: Next) => unknown): void;
  }

  export default function iqCallee(deps: { middleware: Middleware; entity: Client }): IqCallee;
}

declare module '@xmpp/reconnect' {
  import type { Client } from '@xmpp/client-core';

  /** Reconnects `delay` ms after every `disconnect`, for ever, until stopped. */
  export interface Reconnect {
    delay: number;
    start(): void;
    stop(): void;
    on(event: 'reconnecting' | 'reconnected', listener: () => void): this;
  }

  export default function reconnect(deps: { entity: Client }): Reconnect;
}

declare module '@xmpp/websocket' {
  import type { Client } from '@xmpp/client-core';
  /** Adds the WebSocket transport (RFC 7395) for `ws://` and `wss://` services. */
  export default function websocket(deps: { entity: Client }): void;
}

declare module 'saslmechanisms' {
  /** One SASL exchange (RFC 4422), as js-sasl mechanisms implement it. */
  export interface Mechanism {
    name: string;
    clientFirst: boolean;
    response(credentials: Record<string, unknown>): string | Promise<string>;
    challenge(challenge: string): unknown;
  }

  export type MechanismClass = new () => Mechanism;

  /** The registry of mechanisms; `create()` picks the first registered that is offered. */
  export default class SASLFactory {
    use(mechanism: MechanismClass): this;
    use(name: string, mechanism: MechanismClass): this;
    create(names: readonly string[]): Mechanism | null;
  }
}

declare module 'sasl-plain' {
  import type { MechanismClass } from 'saslmechanisms';

  /** SASL PLAIN (RFC 4616). */
  const Plain: MechanismClass;
  export default Plain;
}

declare module 'sasl-anonymous' {
  import type { MechanismClass } from 'saslmechanisms';

  /** SASL ANONYMOUS (RFC 4505). */
  const Anonymous: MechanismClass;
  export default Anonymous;
}

declare module '@xmpp/sasl' {
  import type { Client } from '@xmpp/client-core';
  import type { Element } from '@xmpp/xml';
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type SASLFactory from 'saslmechanisms';

  /** What the mechanism is handed: a password, or whatever else it accepts (cached SCRAM keys). */
  export interface Credentials {
    username?: string;
    password?: string;
    [key: string]: unknown;
  }

  /**
   * Runs one SASL exchange with the chosen mechanism; rejects with a SASLError (`condition`).
   * Over SASL2 the `<user-agent/>` goes with it, and a FAST token is tried first.
   */
  export type Authenticate = (
    credentials: Credentials,
    mechanism: string,
    userAgent?: Element,
  ) => Promise<void>;

  /** Called with the offered mechanisms Chatlet supports, in registration order. */
  export type OnAuthenticate = (
    authenticate: Authenticate,
    mechanisms: string[],
    /** Over SASL2 with FAST offered: the FAST object given to `setup()`; else `null`. */
    fast: unknown,
    entity: Client,
  ) => Promise<void>;

  /** Classic SASL (RFC 6120 §6) as a stream feature. */
  export default function sasl(
    deps: { streamFeatures: StreamFeatures; saslFactory: SASLFactory },
    onAuthenticate: OnAuthenticate,
  ): void;
}

declare module '@xmpp/sasl2' {
  import type { Client } from '@xmpp/client-core';
  import type { Credentials, OnAuthenticate } from '@xmpp/sasl';
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type { Element } from '@xmpp/xml';
  import type SASLFactory from 'saslmechanisms';

  /** One SASL2 `<authenticate/>` exchange, as handed to the FAST object's `auth()`. */
  export type Sasl2Authenticate = (args: {
    saslFactory: SASLFactory;
    entity: Client;
    mechanism: string;
    credentials: Credentials;
    userAgent: Element;
    streamFeatures: Element[];
    features: unknown;
  }) => Promise<void>;

  /** SASL2 (XEP-0388) as a stream feature. */
  export interface Sasl2 {
    /** An inline feature: `request` for its element in `<inline/>`, `response` for its child of `<success/>`. */
    use(
      ns: string,
      request: (element: Element) => unknown,
      response: (element: Element) => unknown,
    ): void;
    setup(deps: { fast: unknown }): void;
  }

  export default function sasl2(
    deps: { streamFeatures: StreamFeatures; saslFactory: SASLFactory },
    onAuthenticate: OnAuthenticate,
  ): Sasl2;
}

declare module '@xmpp/sasl-ht-sha-256-none' {
  import type { MechanismClass } from 'saslmechanisms';

  /** HT-SHA-256-NONE (draft-schmaus-kitten-sasl-ht), the mechanism of FAST tokens. */
  export const Mechanism: MechanismClass;
}

declare module '@xmpp/resource-binding' {
  import type { IqCaller } from '@xmpp/iq/caller.js';
  import type { StreamFeatures } from '@xmpp/stream-features';

  /** Resource binding (RFC 6120 §7) as a stream feature; the server picks a resource if none. */
  export default function resourceBinding(
    deps: { streamFeatures: StreamFeatures; iqCaller: IqCaller },
    resource?: string | (() => string | Promise<string>),
  ): void;
}

declare module '@xmpp/stream-management' {
  import type { Client } from '@xmpp/client-core';
  import type { Middleware } from '@xmpp/middleware';
  import type { StreamFeatures } from '@xmpp/stream-features';
  import type { Element } from '@xmpp/xml';

  /** XEP-0198 state: counters, the resumable session id and the timers' settings. */
  export interface StreamManagement {
    enabled: boolean;
    id: string;
    inbound: number;
    outbound: number;
    /** Sent and not yet acknowledged, oldest first; `stamp` is when it was sent (ISO 8601). */
    outbound_q: { stanza: Element; stamp: string }[];
    timeout: number;
    requestAckInterval: number;
    /** Quiet time after the last outgoing stanza before asking for an ack, in ms (250). */
    requestAckDebounce: number;
    /** `<enable/>` has gone out: outgoing stanzas are counted and queued until acked. */
    enableSent: boolean;
    on(event: 'resumed', listener: () => void): this;
    on(event: 'fail' | 'ack', listener: (stanza: Element) => void): this;
  }

  export default function streamManagement(deps: {
    streamFeatures: StreamFeatures;
    entity: Client;
    middleware: Middleware;
    /** SASL2 inline features (XEP-0388, XEP-0386); optional, and not loaded by Chatlet. */
    bind2?: undefined;
    sasl2?: undefined;
  }): StreamManagement;
}

// The whole client, for the end-to-end tests' second client in Node.
declare module '@xmpp/client' {
  import type { Client as Entity, JID } from '@xmpp/client-core';
  import type { IqCallee } from '@xmpp/iq/callee.js';
  import type { IqCaller } from '@xmpp/iq/caller.js';
  import type { Middleware } from '@xmpp/middleware';
  import type { Reconnect } from '@xmpp/reconnect';
  import type { Authenticate } from '@xmpp/sasl';
  import type { StreamManagement } from '@xmpp/stream-management';
  import type { Element, xml as xmlFn } from '@xmpp/xml';
  import type SASLFactory from 'saslmechanisms';

  export const xml: typeof xmlFn;
  export type { JID };

  export interface ClientOptions {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    timeout?: number;
    credentials?: (
      authenticate: Authenticate,
      mechanisms: string[],
      fast?: unknown,
      entity?: unknown,
    ) => Promise<void>;
    userAgent?: Element;
  }

  export interface Client extends Entity {
    middleware: Middleware;
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    streamManagement: StreamManagement;
    reconnect: Reconnect;
    saslFactory: SASLFactory;
  }

  export function client(options: ClientOptions): Client;
  export function jid(value: string): JID;
}

declare module 'sasl-scram-sha-1' {
  /** The SCRAM-SHA-1 SASL mechanism of js-sasl-scram-sha-1. */
  export default class ScramSha1 {
    constructor(options?: { genNonce?: () => string });
    name: string;
    clientFirst: boolean;
    _salt: Uint8Array;
    _iterationCount: number;
    _stage: string;
    /** Set after the client-final message: what can be reused for the next login. */
    cache?: {
      salt: Uint8Array;
      saltedPassword?: Uint8Array;
      clientKey: Uint8Array;
      serverKey: Uint8Array;
    };
    response(credentials: Record<string, unknown>): string | Promise<string>;
    challenge(challenge: string): this;
  }
}
