// The follower's side of a tab connection: what it hands to the leader (sends, requests) and
// what it hears from it (status, stanzas, acks), as if the leader's link were its own. What it
// handed to a leader that went is handed to the next one, or given back to be sent again.
import type { Element } from '@xmpp/xml';
import type { SmState } from '../xmpp/connection.js';
import type { Received } from './channel.js';
import type { TabCore } from './core.js';
import type { Lead } from './lead.js';
import { mamQueryId, mamResultId, messageId, ownCopy, parse } from './stanzas.js';

/** A send or request of a follower, waiting for the leader's answer. */
interface Job {
  rid: string;
  kind: 'send' | 'request';
  stanza: Element;
  timeout?: number;
  /** The leader it was handed to, if any yet. */
  to?: string;
  resolve(reply: Element | undefined): void;
  reject(error: Error): void;
}

/** How long a request may wait for an answer, in ms, like xmpp.js's own default. */
const REQUEST_MS = 30_000;
/** Acknowledged ids remembered, so a late "written" does not make one unacknowledged again. */
const REMEMBERED = 1_000;

const failure = (message: string) => new Error(message);

/**
 * Creates the follower's side of a tab. `lead` runs what is still waiting once this tab leads
 * itself; `onJoin` hears when this tab first follows a session that is online.
 */
export function createFollow(core: TabCore, lead: Lead, onJoin: (jid: string) => void) {
  const { channel, handlers, me } = core;
  const jobs = new Map<string, Job>();
  /** Messages the leader wrote for this tab that the server has not acknowledged yet. */
  const unacked = new Map<string, Element>();
  const acked = new Set<string>();
  /** Archive queries this tab asked: their results are this tab's, any other is not. */
  const queries = new Set<string>();
  /** This tab has caught up with the leader's session since it (re)started. */
  let joined = false;
  /** The leader said goodbye with its final state (`undefined` until it does). */
  let farewell: { sm: SmState | null } | undefined;
  let heardFarewell = () => {};

  /** What this tab handed to a leader that is gone is undone, to be done again by the next. */
  function leaderGone() {
    for (const job of [...jobs.values()]) {
      if (job.kind === 'send' && job.to !== undefined) {
        // Maybe written, maybe not: the sender tries again; the next leader sends it once.
        finish(job, { error: failure('The tab that held the connection went away.') });
      } else job.to = undefined;
    }
    const lost = [...unacked.values()];
    unacked.clear();
    for (const stanza of lost) core.each(handlers.unacked, stanza);
    if (core.role !== 'leader' && joined) core.setStatus('reconnecting');
  }

  /** Whether to heed a message of the leader's; notes a new leader. */
  function fromLeader(message: Received): boolean {
    if (core.role === 'leader' || core.leaving || !core.listening) return false;
    if (message.from !== core.leaderId) {
      const had = core.leaderId !== null;
      core.leaderId = message.from;
      farewell = undefined;
      if (had) leaderGone();
    }
    return true;
  }

  function join(fresh: boolean) {
    if (!joined) onJoin(core.link.jid ?? '');
    joined = true;
    core.each(handlers.follow, fresh);
  }

  function finish(job: Job, outcome: { reply?: Element; error?: Error }) {
    if (!jobs.delete(job.rid)) return;
    if (outcome.error) job.reject(outcome.error);
    else job.resolve(outcome.reply);
  }

  function submit(job: Job) {
    if (core.role === 'leader') {
      if (core.status !== 'online') {
        if (job.kind === 'send') finish(job, { error: failure('Not connected.') });
        return; // a request waits until the connection is online
      }
      job.to = me;
      const run =
        job.kind === 'send'
          ? lead.send(job.stanza, me).then(() => undefined)
          : lead.request(job.stanza, job.timeout);
      run.then(
        (reply) => finish(job, { reply }),
        (error: unknown) => finish(job, { error: error as Error }),
      );
      return;
    }
    if (core.leaderId === null) {
      if (job.kind === 'send') finish(job, { error: failure('Not connected.') });
      return; // a request waits for the next leader
    }
    job.to = core.leaderId;
    const xml = job.stanza.toString();
    channel.post(
      job.kind === 'send'
        ? { type: 'send', rid: job.rid, xml }
        : { type: 'request', rid: job.rid, xml, timeout: job.timeout },
    );
  }

  /** Hands what waits to whoever leads now, once it is online (this tab included). */
  function drain() {
    for (const job of jobs.values()) {
      if (job.to === undefined || job.to !== core.leaderId) submit(job);
    }
  }

  function acknowledged(message: Received & { type: 'ack' }) {
    const stanza = parse(message.xml);
    const id = messageId(stanza);
    if (id) {
      unacked.delete(id);
      acked.add(id);
      if (acked.size > REMEMBERED) acked.delete(acked.values().next().value!);
    }
    core.each(handlers.ack, stanza);
    if (message.by !== me) core.deliver(ownCopy(stanza, core.account, core.fullJid()));
  }

  function done(message: Received & { type: 'done' }) {
    const job = jobs.get(message.rid);
    if (!job) return;
    if (core.role !== 'leader') core.link = { ...core.link, tracksAcks: message.tracksAcks };
    if (message.error) {
      finish(job, { error: Object.assign(failure(message.error.message), message.error) });
      return;
    }
    const id = job.kind === 'send' ? messageId(job.stanza) : undefined;
    if (id && message.tracksAcks && !acked.has(id)) unacked.set(id, job.stanza);
    finish(job, message.xml ? { reply: parse(message.xml) } : {});
  }

  /** A roster push the leader has answered already: this tab applies it too. */
  function pushed(xml: string) {
    const stanza = parse(xml);
    const child = stanza.getChildElements()[0];
    for (const iq of handlers.iq) {
      if (iq.type !== stanza.attrs.type || !child?.is(iq.name, iq.ns)) continue;
      try {
        iq.handler(stanza);
      } catch (error) {
        console.error('[chatlet] an IQ handler failed:', error);
      }
    }
  }

  /** Heeds what the leader tells. */
  function hear(message: Received) {
    switch (message.type) {
      case 'leader':
        if (fromLeader(message) && joined) core.setStatus('reconnecting');
        break;
      case 'bye':
        if (message.from !== core.leaderId || core.role === 'leader') return;
        farewell = { sm: message.sm ?? null };
        heardFarewell();
        core.leaderId = null;
        leaderGone();
        break;
      case 'welcome':
      case 'status':
        if ((message.type === 'welcome' && message.to !== me) || !fromLeader(message)) return;
        core.link = { jid: message.jid ?? core.link.jid, tracksAcks: message.tracksAcks };
        core.setStatus(message.status, message.reason);
        if (message.status !== 'online') return;
        if (message.type === 'welcome' && !joined) join(false);
        drain();
        break;
      case 'session':
        if (!fromLeader(message)) return;
        core.link = { ...core.link, jid: message.jid };
        join(true);
        break;
      case 'resumed':
        if (!fromLeader(message)) return;
        if (joined) core.each(handlers.resume);
        else join(false);
        break;
      case 'stanza': {
        if ((message.to !== undefined && message.to !== me) || !fromLeader(message)) return;
        const stanza = parse(message.xml);
        const queryId = mamResultId(stanza);
        if (queryId !== undefined && !queries.has(queryId)) {
          console.debug(`[chatlet] an archive result for another tab's query (${queryId}).`);
          return;
        }
        core.deliver(stanza);
        break;
      }
      case 'iq':
        if (fromLeader(message)) pushed(message.xml);
        break;
      case 'ack':
        if (fromLeader(message)) acknowledged(message);
        break;
      case 'unacked': {
        if (!fromLeader(message)) return;
        const stanza = parse(message.xml);
        const id = messageId(stanza);
        if (id) unacked.delete(id);
        core.each(handlers.unacked, stanza);
        break;
      }
      case 'done':
        if (message.to === me) done(message);
        break;
      default:
        break;
    }
  }

  return {
    hear,
    drain,
    leaderGone,
    get joined() {
      return joined;
    },
    /** This tab starts over (its page came back): it catches up again once it follows. */
    reset() {
      joined = false;
    },
    /**
     * The last leader's final state: its last word, waited for a moment when it may still be
     * on its way (or never come: a crash). Taken once.
     */
    async farewell(wait: boolean): Promise<SmState | null> {
      if (wait && farewell === undefined) {
        await new Promise<void>((resolve) => {
          heardFarewell = resolve;
          setTimeout(resolve, 250);
        });
      }
      const word = farewell?.sm ?? null;
      farewell = undefined;
      return word;
    },
    /** Sends through the leader; rejects when there is none to send it now. */
    send(stanza: Element): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const job: Job = {
          rid: crypto.randomUUID(),
          kind: 'send',
          stanza,
          resolve: () => resolve(),
          reject,
        };
        jobs.set(job.rid, job);
        submit(job);
      });
    },
    /** Asks through the leader (the next one, if it goes meanwhile). */
    request(iq: Element, timeout?: number): Promise<Element> {
      const queryId = mamQueryId(iq);
      if (queryId !== undefined) queries.add(queryId);
      const asked = new Promise<Element>((resolve, reject) => {
        const job: Job = {
          rid: crypto.randomUUID(),
          kind: 'request',
          stanza: iq,
          timeout,
          resolve: (reply) => (reply ? resolve(reply) : reject(failure('No answer.'))),
          reject,
        };
        jobs.set(job.rid, job);
        setTimeout(
          () => finish(job, { error: failure('The request timed out.') }),
          timeout ?? REQUEST_MS,
        );
        submit(job);
      });
      return asked.finally(() => {
        if (queryId !== undefined) queries.delete(queryId);
      });
    },
    /** Fails everything still waiting (the connection stopped). */
    stop(error: Error) {
      for (const job of [...jobs.values()]) finish(job, { error });
    },
  };
}

/** The follower's side of a tab. */
export type Follow = ReturnType<typeof createFollow>;
