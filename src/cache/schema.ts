// The IndexedDB schema of one account's cache, and its migrations.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Contact, ConversationSummary, Message } from '../store/types.js';

/** The current schema version. Bump it and add a `case` to {@link upgrade}. */
export const DB_VERSION = 2;

/** Everything Chatlet keeps in IndexedDB for one account. */
export interface ChatletDB extends DBSchema {
  /** Roster entries by bare JID. */
  contacts: { key: string; value: Contact };
  /** Messages by [peer, id]; `byTime` lists one conversation in time order. */
  messages: {
    key: [string, string];
    value: Message;
    indexes: { byTime: [string, number] };
  };
  /** One summary per conversation (unread count, newest message time). Since v2. */
  conversations: { key: string; value: ConversationSummary };
  /** Small values: roster version, own presence. */
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
}
