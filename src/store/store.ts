// The state of one session as signals. No DOM, no network, no IndexedDB.
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals-core';
import type {
  Contact,
  ConversationSummary,
  DeliveryState,
  Message,
  Presence,
  Show,
  Status,
  SubscriptionRequest,
} from './types.js';

export * from './presence.js';

/** One conversation's state: its messages in display order and its unread count. */
export interface ConversationState {
  readonly peer: string;
  readonly messages: Signal<readonly Message[]>;
  readonly unread: Signal<number>;
  /** Time of the newest message, for ordering conversations. */
  readonly lastTime: Signal<number>;
  /** `true` once the oldest stored message has been loaded. */
  readonly complete: Signal<boolean>;
  /** Why older messages could not be loaded (a gap the user can retry), or `null`. */
  readonly olderError: Signal<string | null>;
  /** Every key of every message in `messages` ({@link messageKeys}), so none is shown twice. */
  readonly ids: Set<string>;
}

/** All the state of one session. Create one per session with {@link createStore}. */
export interface Store {
  readonly account: Signal<string | null>;
  readonly status: Signal<Status>;
  /** Why the session is in `error` or `offline` after a failure, for people. */
  readonly error: Signal<string | null>;
  readonly contacts: Signal<ReadonlyMap<string, Contact>>;
  readonly requests: Signal<readonly SubscriptionRequest[]>;
  /** A visitor's identity: kept across pages (`kept`), or not (`not-kept`); `null` for accounts. */
  readonly visitor: Signal<'kept' | 'not-kept' | null>;
  /** Own presence as last set by the user. */
  readonly ownPresence: Signal<{ show: Exclude<Show, 'offline'>; status?: string }>;
  /** Peers that have a conversation, in creation order; changes when one is added. */
  readonly peers: Signal<readonly string[]>;
  readonly unreadTotal: ReadonlySignal<number>;
  /**
   * Why the history since the last visit could not all be fetched from the archive (a gap
   * the user can retry), or `null` when it is complete.
   */
  readonly historyGap: Signal<string | null>;
  /** Bare JIDs of the rooms (XEP-0045) the session is in or joining: their conversations are groupchats. */
  readonly rooms: Signal<ReadonlySet<string>>;
  /** Per-JID presence signals, created on first use. */
  readonly presences: Map<string, Signal<Presence>>;
  readonly conversations: Map<string, ConversationState>;
}

/** Creates an empty store. Two stores never share state. */
export function createStore(): Store {
  const conversations = new Map<string, ConversationState>();
  const peers = signal<readonly string[]>([]);
  return {
    account: signal(null),
    status: signal('offline'),
    error: signal(null),
    contacts: signal(new Map()),
    requests: signal([]),
    visitor: signal(null),
    ownPresence: signal({ show: 'online' }),
    peers,
    unreadTotal: computed(() => {
      let total = 0;
      for (const peer of peers.value) total += conversations.get(peer)?.unread.value ?? 0;
      return total;
    }),
    historyGap: signal(null),
    rooms: signal(new Set()),
    presences: new Map(),
    conversations,
  };
}

/** Sets the connection status, and the reason when there is one. */
export function setStatus(store: Store, status: Status, error: string | null = null): void {
  batch(() => {
    store.status.value = status;
    store.error.value = error;
  });
}

/** Replaces the whole roster (initial roster result or cache hydration). */
export function setRoster(store: Store, contacts: Iterable<Contact>): void {
  const map = new Map<string, Contact>();
  for (const contact of contacts) map.set(contact.jid, contact);
  store.contacts.value = map;
}

/** Adds or replaces one roster entry (a roster push). */
export function upsertContact(store: Store, contact: Contact): void {
  const map = new Map(store.contacts.value);
  map.set(contact.jid, contact);
  store.contacts.value = map;
}

/** Removes one roster entry. */
export function removeContact(store: Store, jid: string): void {
  if (!store.contacts.value.has(jid)) return;
  const map = new Map(store.contacts.value);
  map.delete(jid);
  store.contacts.value = map;
}

/** The conversation with a bare JID, created empty on first use. */
export function conversationOf(store: Store, peer: string): ConversationState {
  let conversation = store.conversations.get(peer);
  if (!conversation) {
    conversation = {
      peer,
      messages: signal([]),
      unread: signal(0),
      lastTime: signal(0),
      complete: signal(false),
      olderError: signal(null),
      ids: new Set(),
    };
    store.conversations.set(peer, conversation);
    store.peers.value = [...store.peers.value, peer];
  }
  return conversation;
}

/**
 * The keys a message is known by: its own id, the own archive's id, and the
 * sender's origin-id qualified by the sender (`me` for outgoing), so the live
 * copy, the carbon and the archived copy of one message are one message
 * (XEP-0359 §4), and nobody can hide a message by reusing someone else's id.
 */
export function messageKeys(message: Message): string[] {
  const keys = [message.id];
  if (message.archiveId) keys.push(`a:${message.archiveId}`);
  if (message.originId) {
    keys.push(`o:${message.direction === 'out' ? 'me' : message.peer}:${message.originId}`);
  }
  return keys;
}

/** What {@link addMessages} did. */
export interface Added {
  /** Messages that were new, now shown. */
  added: Message[];
  /** Messages already shown that a later copy completed (archive id, delivery state). */
  merged: Message[];
  /** Copies of messages already shown, left out; with `merged`, every input is accounted for. */
  duplicates: Message[];
}

/** How far along an outgoing message is; a later copy never moves it back. */
const PROGRESS: Record<DeliveryState, number> = {
  failed: -1,
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/**
 * What another copy of a message adds to the one shown: its archive id, and a
 * later delivery state (a carbon or an archived copy of an outgoing message
 * shown as queued or failed proves the server has it).
 */
export function mergeCopy(shown: Message, copy: Message): Message | undefined {
  const patch: Partial<Message> = {};
  if (copy.archiveId && !shown.archiveId) patch.archiveId = copy.archiveId;
  if (
    shown.direction === 'out' &&
    copy.state &&
    PROGRESS[copy.state] > PROGRESS[shown.state ?? 'sent']
  ) {
    patch.state = copy.state;
    patch.error = undefined;
  }
  return Object.keys(patch).length ? { ...shown, ...patch } : undefined;
}

function findByKeys(conversation: ConversationState, keys: readonly string[]) {
  if (!keys.some((key) => conversation.ids.has(key))) return -1;
  const messages = conversation.messages.value;
  for (let i = messages.length - 1; i >= 0; i--) {
    const candidate = messageKeys(messages[i]!);
    if (candidate.some((key) => keys.includes(key))) return i;
  }
  return -1;
}

/**
 * Adds messages to their conversations in time order, merging any already
 * shown ({@link messageKeys}). Incoming messages count as unread unless `read`
 * is set.
 */
export function addMessages(
  store: Store,
  messages: readonly Message[],
  options: { read?: boolean } = {},
): Added {
  const result: Added = { added: [], merged: [], duplicates: [] };
  batch(() => {
    for (const message of messages) {
      const conversation = conversationOf(store, message.peer);
      const keys = messageKeys(message);
      const index = findByKeys(conversation, keys);
      if (index >= 0) {
        const shown = conversation.messages.value[index]!;
        const merged = mergeCopy(shown, message);
        if (merged) {
          const next = conversation.messages.value.slice();
          next[index] = merged;
          conversation.messages.value = next;
          for (const key of keys) conversation.ids.add(key);
          result.merged.push(merged);
        } else {
          result.duplicates.push(message);
        }
        continue;
      }
      for (const key of keys) conversation.ids.add(key);
      result.added.push(message);
      const list = conversation.messages.value;
      const last = list[list.length - 1];
      // History is in time order; a copy that comes late (from the archive) goes in its place.
      let next: Message[];
      if (!last || last.time <= message.time) next = [...list, message];
      else {
        let at = list.length;
        while (at > 0 && list[at - 1]!.time > message.time) at--;
        next = [...list.slice(0, at), message, ...list.slice(at)];
      }
      conversation.messages.value = next;
      conversation.lastTime.value = Math.max(conversation.lastTime.value, message.time);
      if (!options.read && message.direction === 'in') conversation.unread.value += 1;
    }
  });
  return result;
}

/** The message known by any of these keys in a conversation, if shown. */
export function findMessage(store: Store, peer: string, keys: readonly string[]) {
  const conversation = store.conversations.get(peer);
  if (!conversation) return undefined;
  const index = findByKeys(conversation, keys);
  return index >= 0 ? conversation.messages.value[index] : undefined;
}

/** Puts older messages (from the cache or the archive) before the loaded ones. */
export function prependMessages(
  store: Store,
  peer: string,
  older: readonly Message[],
  complete: boolean,
): void {
  const conversation = conversationOf(store, peer);
  const fresh = older.filter((m) => !messageKeys(m).some((key) => conversation.ids.has(key)));
  for (const m of fresh) for (const key of messageKeys(m)) conversation.ids.add(key);
  batch(() => {
    if (fresh.length) conversation.messages.value = [...fresh, ...conversation.messages.value];
    if (fresh.length) {
      const newest = fresh.reduce((max, m) => Math.max(max, m.time), conversation.lastTime.value);
      conversation.lastTime.value = newest;
    }
    conversation.complete.value = complete;
  });
}

/** Changes fields of one message (delivery state, error, archive id). Returns the new message. */
export function updateMessage(
  store: Store,
  peer: string,
  id: string,
  patch: Partial<Pick<Message, 'state' | 'error' | 'archiveId'>>,
): Message | undefined {
  const conversation = store.conversations.get(peer);
  if (!conversation?.ids.has(id)) return undefined;
  const messages = conversation.messages.value;
  for (let i = messages.length - 1; i >= 0; i--) {
    const current = messages[i]!;
    if (current.id !== id) continue;
    const updated = { ...current, ...patch };
    const next = messages.slice();
    next[i] = updated;
    conversation.messages.value = next;
    if (patch.archiveId) conversation.ids.add(`a:${patch.archiveId}`);
    return updated;
  }
  return undefined;
}

/** Sets a conversation's unread count to zero. */
export function markRead(store: Store, peer: string): void {
  const conversation = store.conversations.get(peer);
  if (conversation) conversation.unread.value = 0;
}

/** Restores conversation summaries (unread counts) from the cache. */
export function setSummaries(store: Store, summaries: readonly ConversationSummary[]): void {
  batch(() => {
    for (const summary of summaries) {
      const conversation = conversationOf(store, summary.peer);
      conversation.unread.value = summary.unread;
      conversation.lastTime.value = Math.max(conversation.lastTime.value, summary.lastTime);
    }
  });
}

/** Adds an incoming subscription request, once per JID. */
export function addRequest(store: Store, request: SubscriptionRequest): void {
  if (store.requests.value.some((r) => r.jid === request.jid)) return;
  store.requests.value = [...store.requests.value, request];
}

/** Removes a subscription request once answered. */
export function removeRequest(store: Store, jid: string): void {
  store.requests.value = store.requests.value.filter((r) => r.jid !== jid);
}

/** The name to show for a contact: the roster name, else the JID's local part. */
export function displayName(contact: Contact): string {
  return contact.name?.trim() || contact.jid.split('@')[0] || contact.jid;
}
