// One account's IndexedDB cache: hydration reads, write-behind batched writes,
// wipe on logout, and a memory fallback when IndexedDB is missing or full.
import { deleteDB, type IDBPDatabase, openDB } from 'idb';
import { messageKeys } from '../store/store.js';
import type { Contact, ConversationSummary, Message } from '../store/types.js';
import {
  type ChatletDB,
  DB_VERSION,
  type OutboxEntry,
  type StoredMessage,
  upgrade,
} from './schema.js';

/** What a session keeps between page loads. Every method is safe to call; none throws at the page. */
export interface Cache {
  /** `false` once the cache has fallen back to memory. */
  readonly persistent: boolean;
  loadContacts(): Promise<Contact[]>;
  loadSummaries(): Promise<ConversationSummary[]>;
  /** Up to `limit` messages of a conversation older than `before`, oldest first. */
  loadMessages(peer: string, options?: { before?: number; limit?: number }): Promise<Message[]>;
  getMeta<T>(key: string): Promise<T | undefined>;
  /** The messages in the outbox (written, not yet acknowledged by the server), oldest first. */
  loadOutbox(): Promise<Message[]>;
  /** For each list of keys, the stored message known by any of them, if there is one. */
  findMessages(keys: readonly (readonly string[])[]): Promise<(Message | undefined)[]>;
  /** Replaces the whole roster. */
  replaceContacts(contacts: readonly Contact[]): void;
  putContact(contact: Contact): void;
  deleteContact(jid: string): void;
  putMessages(messages: readonly Message[]): void;
  putSummary(summary: ConversationSummary): void;
  /** Puts an outgoing message in the outbox (store the message itself with `putMessages`). */
  putOutbox(message: Message): void;
  /** Takes a message out of the outbox: the server has it, or it failed for good. */
  deleteOutbox(id: string): void;
  setMeta(key: string, value: unknown): void;
  /** Resolves when every queued write is stored. */
  flush(): Promise<void>;
  close(): void;
  /** Deletes the account's database. */
  wipe(): Promise<void>;
}

/** Options for {@link openCache}. */
export interface CacheOptions {
  /** Milliseconds to gather writes into one transaction. Default 50. */
  writeDelay?: number;
  /** Called once when the cache falls back to memory. Default: `console.warn`. */
  onFallback?: (reason: string) => void;
}

/** The database name for an account: one database per bare JID. */
export function databaseName(account: string): string {
  return `chatlet:${account.toLowerCase()}`;
}

type Write =
  | { op: 'replaceContacts'; contacts: readonly Contact[] }
  | { op: 'putContact'; contact: Contact }
  | { op: 'deleteContact'; jid: string }
  | { op: 'putMessages'; messages: readonly Message[] }
  | { op: 'putSummary'; summary: ConversationSummary }
  | { op: 'putOutbox'; entry: OutboxEntry }
  | { op: 'deleteOutbox'; id: string }
  | { op: 'setMeta'; key: string; value: unknown };

/** In-memory copy of the cache, used when IndexedDB cannot be. */
class Memory {
  contacts = new Map<string, Contact>();
  messages = new Map<string, Map<string, Message>>();
  summaries = new Map<string, ConversationSummary>();
  outbox = new Map<string, OutboxEntry>();
  meta = new Map<string, unknown>();

  apply(write: Write): void {
    switch (write.op) {
      case 'replaceContacts':
        this.contacts = new Map(write.contacts.map((c) => [c.jid, c]));
        break;
      case 'putContact':
        this.contacts.set(write.contact.jid, write.contact);
        break;
      case 'deleteContact':
        this.contacts.delete(write.jid);
        break;
      case 'putMessages':
        for (const message of write.messages) {
          let conversation = this.messages.get(message.peer);
          if (!conversation) {
            conversation = new Map();
            this.messages.set(message.peer, conversation);
          }
          conversation.set(message.id, message);
        }
        break;
      case 'putSummary':
        this.summaries.set(write.summary.peer, write.summary);
        break;
      case 'putOutbox':
        this.outbox.set(write.entry.id, write.entry);
        break;
      case 'deleteOutbox':
        this.outbox.delete(write.id);
        break;
      case 'setMeta':
        this.meta.set(write.key, write.value);
        break;
    }
  }

  loadOutbox(): Message[] {
    return [...this.outbox.values()]
      .sort((a, b) => a.time - b.time)
      .map((entry) => this.messages.get(entry.peer)?.get(entry.id))
      .filter((m): m is Message => m !== undefined);
  }

  find(keys: readonly string[]): Message | undefined {
    for (const conversation of this.messages.values()) {
      for (const message of conversation.values()) {
        if (messageKeys(message).some((key) => keys.includes(key))) return message;
      }
    }
    return undefined;
  }

  loadMessages(peer: string, before: number, limit: number): Message[] {
    const all = [...(this.messages.get(peer)?.values() ?? [])]
      .filter((m) => m.time < before)
      .sort((a, b) => a.time - b.time);
    return all.slice(-limit);
  }
}

/**
 * Opens (creating or migrating) the cache of one account. Never rejects: if
 * IndexedDB is unavailable the returned cache keeps everything in memory and
 * `onFallback` is called once.
 */
export async function openCache(account: string, options: CacheOptions = {}): Promise<Cache> {
  const name = databaseName(account);
  const writeDelay = options.writeDelay ?? 50;
  const warn =
    options.onFallback ??
    ((reason: string) =>
      console.warn(
        `[chatlet] IndexedDB is not usable (${reason}); chat goes on, but this page's history will not be kept.`,
      ));

  let db: IDBPDatabase<ChatletDB> | null = null;
  let memory: Memory | null = null;
  let queue: Write[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const fallBack = (error: unknown) => {
    if (memory) return;
    memory = new Memory();
    warn(errorText(error));
    try {
      db?.close();
    } catch {
      // already closed
    }
    db = null;
  };

  try {
    if (typeof indexedDB === 'undefined') throw new Error('indexedDB is not defined');
    db = await openDB<ChatletDB>(name, DB_VERSION, {
      upgrade: (database, oldVersion, _newVersion, transaction) =>
        upgrade(database, oldVersion, transaction),
      blocked: () => undefined,
      blocking: () => {
        // A newer Chatlet in another tab wants to upgrade: let it.
        db?.close();
        fallBack(new Error('a newer version of the page upgraded the database'));
      },
    });
  } catch (error) {
    fallBack(error);
  }

  const write = async (batch: Write[]) => {
    for (const w of batch) memory?.apply(w);
    if (!db) return;
    try {
      const tx = db.transaction(
        ['contacts', 'messages', 'conversations', 'outbox', 'meta'],
        'readwrite',
      );
      for (const w of batch) {
        switch (w.op) {
          case 'replaceContacts':
            tx.objectStore('contacts').clear();
            for (const c of w.contacts) tx.objectStore('contacts').put(c);
            break;
          case 'putContact':
            tx.objectStore('contacts').put(w.contact);
            break;
          case 'deleteContact':
            tx.objectStore('contacts').delete(w.jid);
            break;
          case 'putMessages':
            for (const m of w.messages) tx.objectStore('messages').put(stored(m));
            break;
          case 'putSummary':
            tx.objectStore('conversations').put(w.summary);
            break;
          case 'putOutbox':
            tx.objectStore('outbox').put(w.entry);
            break;
          case 'deleteOutbox':
            tx.objectStore('outbox').delete(w.id);
            break;
          case 'setMeta':
            tx.objectStore('meta').put(w.value, w.key);
            break;
        }
      }
      await tx.done;
    } catch (error) {
      // Quota exceeded or the database went away: keep this batch in memory.
      fallBack(error);
      for (const w of batch) memory?.apply(w);
    }
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length) {
      const batch = queue;
      queue = [];
      writing = writing.then(() => write(batch));
    }
    return writing;
  };

  const enqueue = (w: Write) => {
    queue.push(w);
    timer ??= setTimeout(flush, writeDelay);
  };

  const read = async <T>(
    fromDb: (db: IDBPDatabase<ChatletDB>) => Promise<T>,
    fromMemory: (m: Memory) => T,
  ) => {
    await flush();
    if (db) {
      try {
        return await fromDb(db);
      } catch (error) {
        fallBack(error);
      }
    }
    return fromMemory(memory ?? new Memory());
  };

  return {
    get persistent() {
      return db !== null;
    },
    loadContacts: () =>
      read(
        (d) => d.getAll('contacts'),
        (m) => [...m.contacts.values()],
      ),
    loadSummaries: () =>
      read(
        (d) => d.getAll('conversations'),
        (m) => [...m.summaries.values()],
      ),
    loadMessages: (peer, { before = Number.MAX_SAFE_INTEGER, limit = 50 } = {}) =>
      read(
        async (d) => {
          const range = IDBKeyRange.bound([peer, -Infinity], [peer, before], false, true);
          const found: StoredMessage[] = [];
          let cursor = await d
            .transaction('messages')
            .store.index('byTime')
            .openCursor(range, 'prev');
          while (cursor && found.length < limit) {
            found.push(cursor.value);
            cursor = await cursor.continue();
          }
          return found.reverse().map(unstored);
        },
        (m) => m.loadMessages(peer, before, limit),
      ),
    loadOutbox: () =>
      read(
        async (d) => {
          const tx = d.transaction(['outbox', 'messages']);
          const entries = await tx.objectStore('outbox').index('byTime').getAll();
          const messages = await Promise.all(
            entries.map((e) => tx.objectStore('messages').get([e.peer, e.id])),
          );
          return messages.filter((m): m is StoredMessage => m !== undefined).map(unstored);
        },
        (m) => m.loadOutbox(),
      ),
    findMessages: (lists) =>
      read(
        async (d) => {
          const index = d.transaction('messages').store.index('byKey');
          return Promise.all(
            lists.map(async (keys) => {
              for (const key of keys) {
                const found = await index.get(key);
                if (found) return unstored(found);
              }
              return undefined;
            }),
          );
        },
        (m) => lists.map((keys) => m.find(keys)),
      ),
    getMeta: <T>(key: string) =>
      read(
        async (d) => (await d.get('meta', key)) as T | undefined,
        (m) => m.meta.get(key) as T | undefined,
      ),
    replaceContacts: (contacts) => enqueue({ op: 'replaceContacts', contacts }),
    putContact: (contact) => enqueue({ op: 'putContact', contact }),
    deleteContact: (jid) => enqueue({ op: 'deleteContact', jid }),
    putMessages: (messages) => {
      if (messages.length) enqueue({ op: 'putMessages', messages });
    },
    putSummary: (summary) => enqueue({ op: 'putSummary', summary }),
    putOutbox: (message) =>
      enqueue({
        op: 'putOutbox',
        entry: { id: message.id, peer: message.peer, time: message.time },
      }),
    deleteOutbox: (id) => enqueue({ op: 'deleteOutbox', id }),
    setMeta: (key, value) => enqueue({ op: 'setMeta', key, value }),
    flush,
    close: () => {
      void flush().then(() => db?.close());
    },
    wipe: async () => {
      clearTimeout(timer);
      queue = [];
      await writing;
      memory = memory ? new Memory() : null;
      db?.close();
      db = null;
      if (typeof indexedDB === 'undefined') return;
      try {
        await deleteDB(name);
      } catch (error) {
        console.warn(`[chatlet] could not delete the cache database ${name}: ${errorText(error)}`);
      }
    },
  };
}

function stored(message: Message): StoredMessage {
  return { ...message, keys: messageKeys(message) };
}

function unstored(message: StoredMessage): Message {
  const { keys, ...rest } = message;
  void keys;
  return rest;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
