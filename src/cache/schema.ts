// The IndexedDB schema of one account's cache, and its migrations.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { messageKeys } from '../store/store.js';
import type { Contact, ConversationSummary, Message } from '../store/types.js';

/** A message as stored: with the keys it is known by, indexed to find copies (since v3). */
export type StoredMessage = Message & { keys: string[] };

/** An outgoing message not yet acknowledged by the server (since v3). */
export interface OutboxEntry {
  id: string;
  peer: string;
  /** When it was queued; the outbox is sent in this order. */
  time: number;
}

/** The current schema version. Bump it and add a `case` to {@link upgrade}. */
export const DB_VERSION = 3;

/** Everything Chatlet keeps in IndexedDB for one account. */
export interface ChatletDB extends DBSchema {
  /** Roster entries by bare JID. */
  contacts: { key: string; value: Contact };
  /**
   * Messages by [peer, id]; `byTime` lists one conversation in time order, `byKey` finds
   * a message by any of its keys (archive id, sender's origin-id) across conversations.
   */
  messages: {
    key: [string, string];
    value: StoredMessage;
    indexes: { byTime: [string, number]; byKey: string };
  };
  /** Outgoing messages written before they were sent, until the server has them. Since v3. */
  outbox: { key: string; value: OutboxEntry; indexes: { byTime: number } };
  /** One summary per conversation (unread count, newest message time). Since v2. */
  conversations: { key: string; value: ConversationSummary };
  /** Small values: roster version, own presence, SCRAM keys, the last archive id seen. */
  meta: { key: string; value: unknown };
}

type UpgradeTransaction = IDBPTransaction<ChatletDB, StoreNames<ChatletDB>[], 'versionchange'>;

/**
 * Brings a database from `oldVersion` to {@link DB_VERSION}. Each step runs
 * when the old version is below it, so any old version reaches the current one.
 */
export async function upgrade(
  db: IDBPDatabase<ChatletDB>,
  oldVersion: number,
  transaction: UpgradeTransaction,
): Promise<void> {
  if (oldVersion < 1) {
    db.createObjectStore('contacts', { keyPath: 'jid' });
    const messages = db.createObjectStore('messages', { keyPath: ['peer', 'id'] });
    messages.createIndex('byTime', ['peer', 'time']);
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) {
    // v2 keeps unread counts per conversation; derive summaries from v1's messages.
    const conversations = db.createObjectStore('conversations', { keyPath: 'peer' });
    const lastTime = new Map<string, number>();
    let cursor = await transaction.objectStore('messages').openCursor();
    while (cursor) {
      const { peer, time } = cursor.value;
      lastTime.set(peer, Math.max(lastTime.get(peer) ?? 0, time));
      cursor = await cursor.continue();
    }
    for (const [peer, time] of lastTime) {
      await conversations.put({ peer, unread: 0, lastTime: time });
    }
  }
  if (oldVersion < 3) {
    // v3 finds copies of a message by its keys, and keeps the outbox.
    const messages = transaction.objectStore('messages');
    messages.createIndex('byKey', 'keys', { multiEntry: true });
    const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('byTime', 'time');
    let cursor = await messages.openCursor();
    while (cursor) {
      const message = cursor.value;
      const { delayed, ...rest } = message as StoredMessage & { delayed?: boolean };
      void delayed;
      await cursor.update({ ...rest, keys: messageKeys(rest) });
      // A message v2 left pending was written but maybe never sent: queue it again.
      if (rest.direction === 'out' && rest.state === 'pending') {
        await outbox.put({ id: rest.id, peer: rest.peer, time: rest.time });
      }
      cursor = await cursor.continue();
    }
  }
}
