// The leader's side of a tab connection: this tab's own connection, what it relays to the
// other tabs, and what it does for them — each message sent once however many tabs ask,
// their requests answered, their archive results given to them alone.
import type { Element } from '@xmpp/xml';
import type { Connection, IqAnswer } from '../xmpp/connection.js';
import type { Received, TabError } from './channel.js';
import type { IqHandler, TabCore } from './core.js';
import { mamQueryId, messageId, ownCopy, parse, relayOf } from './stanzas.js';

/** Outgoing message ids the leader remembers, to send each once whoever asks again. */
const REMEMBERED = 1_000;

const failure = (message: string) => new Error(message);

/** Creates the leader's side of a tab; `onOnline` hears when its own connection is online. */
export function createLead(core: TabCore, onOnline: () => void) {
  const { channel, handlers, me } = core;
  /** Outgoing messages by id: written (on their way) or acknowledged, and the tab that sent each. */
  const written = new Map<string, { acked: boolean; by: string | undefined }>();
  /** Archive queries of followers in flight: query id → the tab that asked. */
  const followerQueries = new Map<string, string>();

  const remember = (id: string, entry: { acked: boolean; by: string | undefined }) => {
    written.delete(id);
    written.set(id, entry);
    if (written.size > REMEMBERED) written.delete(written.keys().next().value!);
  };

  /** The server has this outgoing message: every tab hears so, and shows it if it did not send it. */
  function announce(stanza: Element, by: string | undefined) {
    if (!stanza.is('message')) return;
    if (by !== me) core.deliver(ownCopy(stanza, core.account, core.fullJid()));
    if (core.relaying()) channel.post({ type: 'ack', xml: stanza.toString(), by });
  }

  /** Sends for tab `by`: each message once, however many tabs (or leaders) ask to send it. */
  async function send(stanza: Element, by: string): Promise<void> {
    const conn = core.real;
    if (!conn) throw failure('Not connected.');
    const id = messageId(stanza);
    const known = id ? written.get(id) : undefined;
    if (known?.acked) {
      // Sent already, and acknowledged: the asker only missed hearing so.
      core.each(handlers.ack, stanza);
      if (core.relaying()) channel.post({ type: 'ack', xml: stanza.toString(), by });
      return;
    }
    if (known) return; // on its way (perhaps resumed from the last leader's queue)
    if (id) remember(id, { acked: false, by });
    try {
      await conn.send(stanza);
    } catch (error) {
      if (id) written.delete(id);
      throw error;
    }
    if (id && !conn.tracksAcks) {
      // Without stream management no ack will come: written is as good as it gets.
      remember(id, { acked: true, by });
      announce(stanza, by);
    }
  }

  /** Asks for tab `by` (this one when not given); a follower's archive results go to it. */
  async function request(iq: Element, timeout?: number, by?: string): Promise<Element> {
    const conn = core.real;
    if (!conn) throw failure('Not connected.');
    const queryId = by ? mamQueryId(iq) : undefined;
    if (queryId !== undefined) followerQueries.set(queryId, by!);
    try {
      return await conn.request(iq, timeout);
    } finally {
      if (queryId !== undefined) followerQueries.delete(queryId);
    }
  }

  /** Tells the others of an incoming stanza; `false` when it is not this tab's to handle. */
  function relay(stanza: Element): boolean {
    if (!core.relaying()) return true;
    const where = relayOf(stanza, (queryId) => followerQueries.has(queryId));
    if (where.to === 'none') return true;
    if (where.to === 'all') {
      channel.post({ type: 'stanza', xml: where.xml });
      return true;
    }
    // A follower's archive query: its results are that tab's alone.
    channel.post({ type: 'stanza', xml: where.xml, to: followerQueries.get(where.queryId)! });
    return false;
  }

  /** Answers an incoming IQ here; the other tabs hear of a set (a roster push) too. */
  function answering(iq: IqHandler) {
    return (stanza: Element): IqAnswer => {
      const answer = iq.handler(stanza);
      if (iq.type === 'set' && core.relaying()) {
        channel.post({ type: 'iq', xml: stanza.toString() });
      }
      return answer;
    };
  }

  /** Puts this tab's own connection behind the session's handlers, and tells the others. */
  function attach(conn: Connection) {
    const current = () => core.real === conn;
    const linkState = () => ({ jid: conn.jid, tracksAcks: conn.tracksAcks });
    conn.onStatus((status, reason) => {
      if (!current()) return;
      core.setStatus(status, reason);
      if (core.relaying()) channel.post({ type: 'status', status, reason, ...linkState() });
      if (status === 'online') onOnline();
    });
    conn.onSession((jid) => {
      if (!current()) return;
      if (core.relaying()) channel.post({ type: 'session', jid });
      core.each(handlers.session, jid);
    });
    conn.onResume(() => {
      if (!current()) return;
      if (core.relaying()) channel.post({ type: 'resumed' });
      core.each(handlers.resume);
    });
    conn.onStanza((stanza) => {
      if (current() && relay(stanza)) core.deliver(stanza);
    });
    conn.onAck((stanza) => {
      if (!current()) return;
      const id = messageId(stanza);
      const by = id ? written.get(id)?.by : undefined;
      if (id) remember(id, { acked: true, by });
      core.each(handlers.ack, stanza);
      if (id) announce(stanza, by);
    });
    conn.onUnacked((stanza) => {
      if (!current()) return;
      const id = messageId(stanza);
      const by = id ? written.get(id)?.by : undefined;
      if (id) written.delete(id);
      core.each(handlers.unacked, stanza);
      if (id && core.relaying()) channel.post({ type: 'unacked', xml: stanza.toString(), by });
    });
    conn.onSmChange((urgent) => {
      if (current()) core.each(handlers.sm, urgent);
    });
    for (const iq of handlers.iq) conn.handleIq(iq.type, iq.ns, iq.name, answering(iq));
    // Resumed from the last leader's queue: on its way already, whoever asks to send it again.
    for (const stanza of conn.restored) {
      const id = messageId(stanza);
      if (id) remember(id, { acked: false, by: undefined });
    }
  }

  /** Does what a follower asks: says how the link is, sends, asks. */
  function answer(message: Received) {
    if (!core.relaying()) return;
    const done = (rid: string, outcome: { xml?: string; error?: TabError }) =>
      channel.post({
        type: 'done',
        to: message.from,
        rid,
        tracksAcks: core.tracksAcks(),
        ...outcome,
      });
    switch (message.type) {
      case 'hello':
        channel.post({
          type: 'welcome',
          to: message.from,
          status: core.status,
          jid: core.real?.jid ?? null,
          tracksAcks: core.tracksAcks(),
        });
        break;
      case 'send':
        send(parse(message.xml), message.from).then(
          () => done(message.rid, {}),
          (error: unknown) => done(message.rid, { error: tabError(error) }),
        );
        break;
      case 'request':
        request(parse(message.xml), message.timeout, message.from).then(
          (reply) => done(message.rid, { xml: reply.toString() }),
          (error: unknown) => done(message.rid, { error: tabError(error) }),
        );
        break;
      default:
        break;
    }
  }

  return { attach, send, request, answering, answer };
}

/** The leader's side of a tab. */
export type Lead = ReturnType<typeof createLead>;

/** A failure as it can cross to another tab. */
function tabError(error: unknown): TabError {
  const e = (error ?? {}) as Partial<TabError> & { message?: string };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.condition === 'string' && { condition: e.condition }),
    ...(typeof e.text === 'string' && { text: e.text }),
    ...(typeof e.retryable === 'boolean' && { retryable: e.retryable }),
  };
}
