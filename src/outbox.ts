// The outbox: every outgoing message is stored before it is sent, sent in order once the
// session can, and kept until the server acknowledges it (XEP-0198) — across lost links,
// server restarts and page reloads. Its id is the stanza id and the XEP-0359 origin-id, so
// the archive and the recipient can recognise a copy sent twice.
import type { Cache } from './cache/cache.js';
import * as store from './store/store.js';
import { MAYBE_NOT_SENT, type Message } from './store/types.js';
import type { Element } from '@xmpp/xml';
import type { Connection } from './xmpp/connection.js';
import { buildChatMessage, buildGroupchat } from './xmpp/message.js';

/** What the outbox needs from the session. */
export interface OutboxDeps {
  store: store.Store;
  cache: Cache | null;
  connection: Pick<Connection, 'send' | 'onAck' | 'onUnacked' | 'tracksAcks'>;
  /** Stores a conversation's summary after a change. */
  saveSummary: (peer: string) => void;
}

/** Creates the outbox of one session. */
export function createOutbox(deps: OutboxDeps) {
  const { store: state, cache, connection } = deps;
  /** Written to the current stream and not yet acknowledged, by id. */
  const inFlight = new Map<string, Message>();
  /** Queued messages that may have reached the server all the same (until the archive says). */
  const maybeSent = new Set<string>();
  /** The session can send: online, and (after a fresh start) caught up. */
  let open = false;
  let flushing: Promise<void> = Promise.resolve();

  const update = (message: Message, patch: Partial<Pick<Message, 'state' | 'error'>>) => {
    const updated = store.updateMessage(state, message.peer, message.id, patch);
    if (updated) cache?.putMessages([updated]);
    return updated;
  };

  const sent = (message: Message) => {
    inFlight.delete(message.id);
    cache?.deleteOutbox(message.id);
    const shown = store.findMessage(state, message.peer, [message.id]);
    if (shown?.state === 'pending') update(shown, { state: 'sent', error: undefined });
  };

  connection.onAck((stanza) => {
    const message = stanza.attrs.id ? inFlight.get(stanza.attrs.id) : undefined;
    if (message) sent(message);
  });
  // The session was not resumed: whatever was unacknowledged stays queued, and is sent again
  // (after the archive has shown which of it did arrive).
  connection.onUnacked((stanza) => {
    const id = stanza.attrs.id;
    if (id && inFlight.delete(id)) maybeSent.add(id);
  });

  async function transmit(message: Message) {
    if (inFlight.has(message.id)) return;
    inFlight.set(message.id, message);
    try {
      await connection.send(
        message.type === 'groupchat'
          ? buildGroupchat(message.peer, message.id, message.body)
          : buildChatMessage({ to: message.peer, id: message.id, body: message.body }),
      );
      // Without stream management no ack will come: written is as good as it gets.
      if (!connection.tracksAcks) sent(message);
    } catch (error) {
      // The link went while writing: still queued, sent again when the session is back.
      inFlight.delete(message.id);
      console.debug('[chatlet] a message waits for the connection:', error);
    }
  }

  /** Queued messages in the order they were typed. */
  const queued = () =>
    [...state.conversations.values()]
      .flatMap((c) =>
        c.messages.value.filter((m) => m.direction === 'out' && m.state === 'pending'),
      )
      .sort((a, b) => a.time - b.time);

  /** Sends every queued message not already on its way, oldest first. */
  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      for (const message of queued()) {
        if (!open) return;
        await transmit(message);
      }
    });
    return flushing;
  }

  return {
    /** Stores a new message, then sends it if the session can. */
    async queue(message: Message) {
      store.addMessages(state, [message], { read: true });
      cache?.putMessages([message]);
      cache?.putOutbox(message);
      deps.saveSummary(message.peer);
      // On disk before on the wire: a reload right after pressing Enter loses nothing.
      await cache?.flush();
      if (open) await flush();
    },
    /** Queues a failed message again. */
    async retry(message: Message) {
      const updated = update(message, { state: 'pending', error: undefined });
      if (!updated) return;
      cache?.putOutbox(updated);
      await cache?.flush();
      if (open) await flush();
    },
    /**
     * Puts the messages a closed page left in the outbox back in their conversations. Those
     * among `onTheWay` (stanzas the resumed session still holds) are acknowledged or failed by
     * it; the others may or may not have reached the server, which the archive will tell.
     */
    async restore(onTheWay: readonly Element[] = []) {
      const left = cache ? await cache.loadOutbox() : [];
      const queuedInSession = new Set(onTheWay.map((stanza) => stanza.attrs.id));
      const shown = left.map((m) => ({ ...m, state: 'pending' as const }));
      for (const m of shown) {
        if (queuedInSession.has(m.id)) {
          inFlight.set(m.id, m);
          // Called again (another tab's connection taken over): now known to be on its way.
          maybeSent.delete(m.id);
        } else if (!inFlight.has(m.id)) maybeSent.add(m.id);
      }
      store.addMessages(state, shown, { read: true });
    },
    /**
     * After a fresh session's catch-up: copies found in the archive have been merged (and shown
     * as sent). When the archive was complete, the rest never arrived and will be sent; when
     * it was not, sending them again could send them twice, so they are shown as failed with
     * Retry instead. So are a room's messages: they are in the room's archive, not the
     * account's, which cannot tell whether they arrived (the room's history marks them sent
     * when it has them).
     */
    settle(archiveComplete: boolean) {
      for (const message of queued()) {
        if (!maybeSent.has(message.id)) continue;
        if (archiveComplete && message.type !== 'groupchat') continue;
        update(message, {
          state: 'failed',
          error: MAYBE_NOT_SENT,
        });
        cache?.deleteOutbox(message.id);
      }
      maybeSent.clear();
    },
    /** Opens (sending what is queued) or closes the outbox. */
    setOpen(value: boolean) {
      open = value;
      if (value) void flush();
    },
    flush,
  };
}

/** The outbox of one session. */
export type Outbox = ReturnType<typeof createOutbox>;
