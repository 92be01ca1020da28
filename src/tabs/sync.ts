// What the tabs of one account keep the same that no stanza carries to them: unread counts
// (the leader's count is the count; a tab that reads a conversation says so), the own
// presence as set in any tab, the subscription requests waiting for an answer, and — for a
// tab that has just arrived — the presences the leader knows.
import { effect } from '@preact/signals-core';
import * as store from '../store/store.js';
import type { Received } from './channel.js';
import type { TabConnection } from './tab-connection.js';

/** What syncing needs besides the store. */
export interface SyncDeps {
  /** Stores a conversation's summary (its unread count) after a change made here. */
  saveSummary(peer: string): void;
}

/**
 * Keeps this tab's store in step with the other tabs of the account. Returns the function
 * that stops it.
 */
export function syncTabs(tabs: TabConnection, state: store.Store, deps: SyncDeps): () => void {
  const { channel } = tabs;
  /** A change from another tab is being applied: it is not this tab's to tell. */
  let applying = false;
  const apply = (change: () => void) => {
    applying = true;
    try {
      change();
    } finally {
      applying = false;
    }
  };
  const leading = () => tabs.role === 'leader';

  const unreadCounts = () => {
    const counts: Record<string, number> = {};
    for (const peer of state.peers.value) {
      counts[peer] = state.conversations.get(peer)?.unread.value ?? 0;
    }
    return counts;
  };
  const setUnread = (counts: Record<string, number>) =>
    apply(() => {
      for (const [peer, count] of Object.entries(counts)) {
        const conversation = store.conversationOf(state, peer);
        if (conversation.unread.value === count) continue;
        conversation.unread.value = count;
        deps.saveSummary(peer);
      }
    });

  /** Calls `changed` with each later value of `read()` that this tab made. */
  const watch = <T>(read: () => T, changed: (value: T) => void) => {
    let first = true;
    return effect(() => {
      const value = read();
      if (first) first = false;
      else if (!applying) changed(value);
    });
  };

  let counts = new Map<string, number>();
  const stops = [
    // The leader tells every change of a count; another tab tells only that it read one.
    effect(() => {
      const now = new Map(Object.entries(unreadCounts()));
      const before = counts;
      counts = now;
      if (applying) return;
      const changed: Record<string, number> = {};
      for (const [peer, count] of now) {
        const was = before.get(peer) ?? 0;
        if (was === count) continue;
        if (leading()) changed[peer] = count;
        else if (count === 0) channel.post({ type: 'read', peer });
      }
      if (leading() && Object.keys(changed).length) {
        channel.post({ type: 'unread', unread: changed });
      }
    }),
    watch(
      () => state.ownPresence.value,
      (presence) => channel.post({ type: 'own-presence', presence }),
    ),
    watch(
      () => state.requests.value,
      (requests) => channel.post({ type: 'requests', requests }),
    ),
  ];

  const unsubscribe = channel.onMessage((message: Received) => {
    switch (message.type) {
      case 'hello':
        if (!leading()) return;
        channel.post({
          type: 'state',
          to: message.from,
          presences: store.presenceSnapshot(state),
          ownPresence: state.ownPresence.value,
          requests: state.requests.value,
          unread: unreadCounts(),
        });
        break;
      case 'state':
        if (message.to !== channel.id) return;
        store.restorePresences(state, message.presences);
        apply(() => {
          state.ownPresence.value = message.ownPresence;
          state.requests.value = message.requests;
        });
        setUnread(message.unread);
        break;
      case 'unread':
        if (!leading()) setUnread(message.unread);
        break;
      case 'read':
        if (leading()) {
          // Counted here: the change is told to every tab as the count.
          store.markRead(state, message.peer);
          deps.saveSummary(message.peer);
        } else setUnread({ [message.peer]: 0 });
        break;
      case 'own-presence':
        apply(() => (state.ownPresence.value = message.presence));
        break;
      case 'requests':
        apply(() => (state.requests.value = message.requests));
        break;
      default:
        break;
    }
  });

  return () => {
    unsubscribe();
    for (const stop of stops) stop();
  };
}
