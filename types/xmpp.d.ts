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

declare module '@xmpp/client' {
  import type { Element, xml as xmlFn } from '@xmpp/xml';
  export const xml: typeof xmlFn;

  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
  }

  export interface Credentials {
    username?: string;
    password?: string;
    token?: unknown;
  }

  export type Authenticate = (
    credentials: Credentials,
    mechanism: string,
    userAgent?: Element,
  ) => Promise<void>;

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

  export interface Middleware {
    use(fn: (ctx: MiddlewareContext, next: () => Promise<unknown>) => unknown): void;
    filter(fn: (ctx: MiddlewareContext, next: () => Promise<unknown>) => unknown): void;
  }

  export interface MiddlewareContext {
    stanza: Element;
    entity: Client;
    from: string;
    to: string;
    id: string;
    name: string;
    type: string;
  }

  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
    get(element: Element, to?: string, timeout?: number): Promise<Element>;
    set(element: Element, to?: string, timeout?: number): Promise<Element>;
  }

  export interface IqCallee {
    get(ns: string, name: string, handler: (ctx: MiddlewareContext) => unknown): void;
    set(ns: string, name: string, handler: (ctx: MiddlewareContext) => unknown): void;
  }

  export interface StreamManagement {
    enabled: boolean;
    id: string;
    inbound: number;
    outbound: number;
    on(event: 'resumed' | 'fail' | 'ack', listener: (stanza?: Element) => void): void;
  }

  export interface Reconnect {
    delay: number;
    stop(): void;
    on(event: 'reconnecting' | 'reconnected' | 'error', listener: (error?: Error) => void): void;
  }

  export interface SaslFactory {
    use(mechanism: unknown): void;
    use(name: string, mechanism: unknown): void;
  }

  export interface Client {
    jid: JID | null;
    status: string;
    options: ClientOptions;
    middleware: Middleware;
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    streamManagement: StreamManagement;
    reconnect: Reconnect;
    saslFactory: SaslFactory;
    start(): Promise<JID>;
    stop(): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    send(element: Element): Promise<void>;
    write(data: string): Promise<void>;
    on(event: 'online', listener: (jid: JID) => void): Client;
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
    ): Client;
    on(event: 'status', listener: (status: string, value?: unknown) => void): Client;
    on(event: 'error', listener: (error: Error & { condition?: string }) => void): Client;
    on(
      event: 'stanza' | 'element' | 'nonza' | 'send',
      listener: (element: Element) => void,
    ): Client;
    on(event: 'input' | 'output', listener: (data: string) => void): Client;
    off(event: string, listener: (...args: never[]) => void): Client;
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
