// A Connection for tab tests: what the session writes is recorded, and the test plays the
// server — incoming stanzas, IQ pushes, acks, a resumed or a fresh session.
import { type Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import type {
  Connection,
  ConnectionStatus,
  IqAnswer,
  SmState,
} from '../../../src/xmpp/connection.js';

/** A fake connection and the knobs a test turns. */
export interface FakeConnection extends Connection {
  sent: Element[];
  requests: Element[];
  /** How the "server" answers a request; default: an empty result. */
  reply: (iq: Element) => Promise<Element>;
  left: boolean;
  stopped: boolean;
  /** The server sends this stanza (XML text). */
  receive(text: string): void;
  /** The server pushes this IQ; resolves with what the handler answered. */
  push(text: string): IqAnswer;
  /** The server acknowledges the stanza sent (or restored) with this id. */
  ack(id: string): void;
  /** The session could not be resumed: the stanza with this id was never acknowledged. */
  unack(id: string): void;
  /** The link went and came back, resumed. */
  bounce(): void;
}

/**
 * A connection bound as `jid` when started. With `resumes`, starting resumes a session
 * (onResume) instead of starting one (onSession).
 */
export function fakeConnection(
  jid: string,
  options: { resumes?: boolean; restored?: Element[] } = {},
): FakeConnection {
  const stanzaHandlers: ((stanza: Element) => void)[] = [];
  const statusHandlers: ((status: ConnectionStatus, reason?: string) => void)[] = [];
  const sessionHandlers: ((jid: string) => void)[] = [];
  const resumeHandlers: (() => void)[] = [];
  const ackHandlers: ((stanza: Element) => void)[] = [];
  const unackedHandlers: ((stanza: Element) => void)[] = [];
  const iqs = new Map<string, (iq: Element) => IqAnswer>();
  const restored = options.restored ?? [];
  let bound: string | null = null;
  const find = (id: string) =>
    [...connection.sent, ...restored].find((s) => s.attrs.id === id) ??
    (() => {
      throw new Error(`nothing was sent with id ${id}`);
    })();
  const status = (next: ConnectionStatus) => {
    for (const handler of statusHandlers) handler(next);
  };

  const connection: FakeConnection = {
    get jid() {
      return bound;
    },
    scramKeys: null,
    tracksAcks: true,
    restored,
    sent: [],
    requests: [],
    reply: async (iq) => parse(`<iq type="result" id="${iq.attrs.id ?? ''}"/>`),
    left: false,
    stopped: false,
    async start() {
      status('connecting');
      bound = jid;
      status('online');
      if (options.resumes) for (const handler of resumeHandlers) handler();
      else for (const handler of sessionHandlers) handler(jid);
      return jid;
    },
    async stop() {
      connection.stopped = true;
      status('offline');
    },
    leave() {
      connection.left = true;
    },
    async send(stanza) {
      connection.sent.push(stanza);
    },
    request(iq) {
      connection.requests.push(iq);
      return connection.reply(iq);
    },
    handleIq(type, ns, name, handler) {
      iqs.set(`${type} ${ns} ${name}`, handler);
    },
    onStanza: (handler) => void stanzaHandlers.push(handler),
    onStatus: (handler) => void statusHandlers.push(handler),
    onSession: (handler) => void sessionHandlers.push(handler),
    onResume: (handler) => void resumeHandlers.push(handler),
    onAck: (handler) => void ackHandlers.push(handler),
    onUnacked: (handler) => void unackedHandlers.push(handler),
    onSmChange: () => undefined,
    smState: (): SmState | null =>
      bound
        ? { id: 'sm-1', inbound: 7, outbound: 3, queue: [], jid: bound, saved: Date.now() }
        : null,
    receive(text) {
      const stanza = parse(text);
      for (const handler of stanzaHandlers) handler(stanza);
    },
    push(text) {
      const iq = parse(text);
      const child = iq.getChildElements()[0]!;
      const handler = iqs.get(`${iq.attrs.type} ${child.attrs.xmlns} ${child.getName()}`);
      return handler?.(iq);
    },
    ack(id) {
      const stanza = find(id);
      for (const handler of ackHandlers) handler(stanza);
    },
    unack(id) {
      const stanza = find(id);
      for (const handler of unackedHandlers) handler(stanza);
    },
    bounce() {
      status('reconnecting');
      status('online');
      for (const handler of resumeHandlers) handler();
    },
  };
  return connection;
}
