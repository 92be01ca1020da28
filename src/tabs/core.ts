// What the two sides of a tab connection (lead.ts, follow.ts) share: the channel, this tab's
// role and own connection, the status the session sees, and the handlers it registered —
// which stay put whoever holds the connection.
import type { Element } from '@xmpp/xml';
import {
  type Connection,
  type ConnectionStatus,
  deliverStanza,
  type IqAnswer,
} from '../xmpp/connection.js';
import type { TabChannel } from './channel.js';

/** A tab's place: holding the connection, using another tab's, or neither (not started). */
export type TabRole = 'leader' | 'follower' | 'none';

/** An incoming IQ handler the session registered. */
export interface IqHandler {
  type: 'get' | 'set';
  ns: string;
  name: string;
  handler: (iq: Element) => IqAnswer;
}

/** The session's handlers, by event. */
export interface Handlers {
  stanza: ((stanza: Element) => void)[];
  status: ((status: ConnectionStatus, reason?: string) => void)[];
  session: ((jid: string) => void)[];
  resume: (() => void)[];
  ack: ((stanza: Element) => void)[];
  unacked: ((stanza: Element) => void)[];
  sm: ((urgent: boolean) => void)[];
  follow: ((fresh: boolean) => void)[];
  logout: (() => void)[];
  gone: (() => void)[];
  iq: IqHandler[];
}

/** One tab's shared state. */
export interface TabCore {
  readonly account: string;
  readonly channel: TabChannel;
  /** This tab's id on the channel. */
  readonly me: string;
  readonly handlers: Handlers;
  role: TabRole;
  /** This tab's own connection, while it leads. */
  real: Connection | null;
  /** This tab is letting go (its page is going, or it stopped): it relays nothing more. */
  leaving: boolean;
  /** The session is ready to hear the leader (its handlers are in place). */
  listening: boolean;
  status: ConnectionStatus;
  /** Who leads, as far as this tab knows. */
  leaderId: string | null;
  /** The leader's link as it last told this follower. */
  link: { jid: string | null; tracksAcks: boolean };
  setStatus(next: ConnectionStatus, reason?: string): void;
  /** Calls every handler of a list; one that throws does not keep the others from it. */
  each<A extends unknown[]>(list: ((...args: A) => void)[], ...args: A): void;
  /** Hands an incoming stanza to the session. */
  deliver(stanza: Element): void;
  /** The full JID of the session, whichever tab holds it. */
  fullJid(): string | null;
  /** `true` while the server acknowledges stanzas (XEP-0198), whichever tab holds the link. */
  tracksAcks(): boolean;
  /** This tab leads and is not going: it tells the others what happens. */
  relaying(): boolean;
}

/** Creates the shared state of one tab, not leading yet. */
export function createCore(account: string, channel: TabChannel): TabCore {
  const each = <A extends unknown[]>(list: ((...args: A) => void)[], ...args: A) => {
    for (const handler of list) {
      try {
        handler(...args);
      } catch (error) {
        console.error('[chatlet] a connection handler failed:', error);
      }
    }
  };
  const core: TabCore = {
    account,
    channel,
    me: channel.id,
    handlers: {
      stanza: [],
      status: [],
      session: [],
      resume: [],
      ack: [],
      unacked: [],
      sm: [],
      follow: [],
      logout: [],
      gone: [],
      iq: [],
    },
    role: 'none',
    real: null,
    leaving: false,
    listening: false,
    status: 'offline',
    leaderId: null,
    link: { jid: null, tracksAcks: false },
    setStatus(next, reason) {
      if (next === core.status && !reason) return;
      core.status = next;
      each(core.handlers.status, next, reason);
    },
    each,
    deliver: (stanza) => deliverStanza(core.handlers.stanza, stanza),
    fullJid: () => (core.role === 'leader' ? (core.real?.jid ?? null) : core.link.jid),
    tracksAcks: () =>
      core.role === 'leader' ? (core.real?.tracksAcks ?? false) : core.link.tracksAcks,
    relaying: () => core.role === 'leader' && !core.leaving,
  };
  return core;
}
