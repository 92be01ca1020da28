// XEP-0198 §5 — what a client must keep to resume its session from another page: the
// session id, both counters, the stanzas not yet acknowledged, and the full JID.
import type { StreamManagement } from '@xmpp/stream-management';
import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';

/** A resumable session, as plain data (JSON). */
export interface SmState {
  /** The server's resumption id (`<enabled id/>`). */
  id: string;
  /** Stanzas handled from the server (`h` we report). */
  inbound: number;
  /** Stanzas of ours the server has acknowledged. */
  outbound: number;
  /** Sent and not yet acknowledged, oldest first, as XML text with the time they were sent. */
  queue: { stanza: string; stamp: string }[];
  /** The bound full JID: after SASL2 the library only knows the bare one. */
  jid: string;
  /** When this was written (ms since the epoch), to skip a state the server has forgotten. */
  saved: number;
}

/** The resumable state of a connection, or `null` when it cannot be resumed. */
export function captureSm(sm: StreamManagement, jid: string | undefined): SmState | null {
  if (!sm.id || !jid?.includes('/')) return null;
  return {
    id: sm.id,
    inbound: sm.inbound,
    outbound: sm.outbound,
    queue: sm.outbound_q.map(({ stanza, stamp }) => ({ stanza: stanza.toString(), stamp })),
    jid,
    saved: Date.now(),
  };
}

/**
 * Puts a saved state back so the next login resumes it. Returns the stanzas it queued
 * (unacknowledged on the old page) so the app can tell which of its messages are on the way.
 */
export function restoreSm(sm: StreamManagement, state: SmState): Element[] {
  const queue: { stanza: Element; stamp: string }[] = [];
  for (const item of state.queue) {
    try {
      // ltx answers half an element with null rather than an error.
      const stanza = parse(item.stanza) as Element | null;
      if (!stanza) throw new Error('incomplete');
      queue.push({ stanza, stamp: item.stamp });
    } catch {
      console.warn('[chatlet] dropped an unreadable saved stanza:', item.stanza.slice(0, 200));
    }
  }
  sm.id = state.id;
  sm.inbound = state.inbound;
  sm.outbound = state.outbound;
  sm.outbound_q = queue;
  return queue.map((item) => item.stanza);
}

/** Reads a saved state, or `null` when there is none or it is not one. */
export function parseSmState(text: string | null): SmState | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<SmState>;
    const ok =
      typeof value.id === 'string' &&
      value.id !== '' &&
      Number.isInteger(value.inbound) &&
      Number.isInteger(value.outbound) &&
      typeof value.jid === 'string' &&
      Array.isArray(value.queue) &&
      value.queue.every((q) => typeof q?.stanza === 'string' && typeof q.stamp === 'string') &&
      typeof value.saved === 'number';
    return ok ? (value as SmState) : null;
  } catch {
    return null;
  }
}

/**
 * The `h` a server reports, checked against what was sent: a larger one would make xmpp.js
 * throw half-way through acknowledging (its queue runs dry), leaving the session confused.
 * Returns the `h` to use, and logs when it had to be lowered.
 */
export function checkAckCount(h: number, sm: StreamManagement): number {
  const known = sm.outbound + sm.outbound_q.length;
  if (!Number.isInteger(h) || h < sm.outbound) return sm.outbound;
  if (h <= known) return h;
  console.warn(`[chatlet] the server acknowledged ${h} stanzas; only ${known} were sent.`);
  return known;
}
