// BroadcastChannel — what the tabs of one account tell each other. Stanzas travel as XML text;
// every message says which tab sent it, and a message for one tab says which (`to`).
import type { PresenceSnapshot } from '../continuity.js';
import type { Show, SubscriptionRequest } from '../store/types.js';
import type { ConnectionStatus, SmState } from '../xmpp/connection.js';

/** A failure as it crosses to another tab: enough for the code that catches it. */
export interface TabError {
  name: string;
  message: string;
  /** The stanza error condition (RFC 6120 §8.3.3), when the server answered with one. */
  condition?: string;
  text?: string;
  /** A login error that another try may fix. */
  retryable?: boolean;
}

/** From the tab that holds the connection (the leader) to the others. */
export type LeaderMessage =
  /** This tab has just become the leader. */
  | { type: 'leader' }
  /** The answer to `hello`: how the connection is. */
  | ({ type: 'welcome'; to: string } & LinkState)
  | ({ type: 'status'; status: ConnectionStatus; reason?: string } & LinkState)
  /** A fresh session started (not a resume): presences come again, history may have a gap. */
  | { type: 'session'; jid: string }
  /** The session was resumed (XEP-0198): nothing was lost. */
  | { type: 'resumed' }
  /** An incoming message or presence; with `to`, only for that tab (its archive query's). */
  | { type: 'stanza'; xml: string; to?: string }
  /** An incoming IQ set (a roster push) the leader has answered already. */
  | { type: 'iq'; xml: string }
  /** The server has this outgoing message (XEP-0198 ack); `by` is the tab that sent it. */
  | { type: 'ack'; xml: string; by?: string }
  /** The session could not be resumed: this outgoing message may never have arrived. */
  | { type: 'unacked'; xml: string; by?: string }
  /** The answer to a `send` or `request` of tab `to`. */
  | {
      type: 'done';
      to: string;
      rid: string;
      xml?: string;
      error?: TabError;
      tracksAcks: boolean;
    };

/** What a follower needs to know of the leader's connection. */
export interface LinkState {
  status: ConnectionStatus;
  reason?: string;
  jid: string | null;
  tracksAcks: boolean;
}

/** From a tab that does not hold the connection (a follower) to the leader. */
export type FollowerMessage =
  /** A follower arrived (or came back): the leader answers `welcome`, and `state`. */
  | { type: 'hello' }
  | { type: 'send'; rid: string; xml: string }
  | { type: 'request'; rid: string; xml: string; timeout?: number };

/** From any tab to all the others. */
export type AnyTabMessage =
  /** The tab is going (its page was hidden for good, or closed); `sm` when it was the leader. */
  | { type: 'bye'; sm?: SmState | null }
  /** The person logged out: every tab ends its session. */
  | { type: 'logout' }
  /** A follower read the conversation (the leader counts, and tells the count). */
  | { type: 'read'; peer: string }
  /** The leader's unread counts that changed: the counts every tab shows. */
  | { type: 'unread'; unread: Record<string, number> }
  | { type: 'own-presence'; presence: { show: Exclude<Show, 'offline'>; status?: string } }
  | { type: 'requests'; requests: readonly SubscriptionRequest[] }
  /** The leader's picture of the session, for a tab that has just arrived. */
  | {
      type: 'state';
      to: string;
      presences: PresenceSnapshot;
      ownPresence: { show: Exclude<Show, 'offline'>; status?: string };
      requests: readonly SubscriptionRequest[];
      unread: Record<string, number>;
    };

/** Every message between tabs. */
export type TabMessage = LeaderMessage | FollowerMessage | AnyTabMessage;

/** A message as received: with the id of the tab that sent it. */
export type Received = TabMessage & { from: string };

/** One tab's end of an account's channel. */
export interface TabChannel {
  /** This tab's id (random, per channel). */
  readonly id: string;
  post(message: TabMessage): void;
  /** Calls `handler` with every message from the other tabs; returns the unsubscribe. */
  onMessage(handler: (message: Received) => void): () => void;
  close(): void;
}

/** Opens the channel `name`. After `close()` posting does nothing. */
export function openChannel(name: string): TabChannel {
  const id = crypto.randomUUID();
  const channel = new BroadcastChannel(name);
  const handlers = new Set<(message: Received) => void>();
  let closed = false;
  channel.onmessage = (event: MessageEvent<Received>) => {
    const message = event.data;
    if (!message || typeof message.type !== 'string' || typeof message.from !== 'string') return;
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        console.error(`[chatlet] a tab message (${message.type}) could not be handled:`, error);
      }
    }
  };
  return {
    id,
    post(message) {
      if (closed) return;
      try {
        channel.postMessage({ ...message, from: id });
      } catch (error) {
        console.warn('[chatlet] could not tell the other tabs:', error);
      }
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      closed = true;
      handlers.clear();
      channel.close();
    },
  };
}
