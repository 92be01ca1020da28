import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseName, openCache } from '../../src/cache/cache.js';
import type { Contact, Message } from '../../src/store/types.js';

let counter = 0;
const account = () => `user${Date.now()}-${counter++}@example.com`;

const bob: Contact = {
  jid: 'bob@example.com',
  name: 'Bob',
  groups: ['Team'],
  subscription: 'both',
};
const message = (peer: string, n: number, time = 1_000 + n): Message => ({
  id: `m${n}`,
  peer,
  direction: n % 2 ? 'in' : 'out',
  body: `message ${n}`,
  type: 'chat',
  time,
});

async function databaseExists(name: string): Promise<boolean> {
  return (await indexedDB.databases()).some((d) => d.name === name);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cache', () => {
  it('keeps contacts, messages, summaries and meta across opens', async () => {
    const jid = account();
    const first = await openCache(jid);
    expect(first.persistent).toBe(true);
    first.replaceContacts([bob]);
    first.putMessages([message('bob@example.com', 1), message('bob@example.com', 2)]);
    first.putSummary({ peer: 'bob@example.com', unread: 1, lastTime: 1_002 });
    first.setMeta('rosterVersion', 'v7');
    await first.flush();
    first.close();

    const second = await openCache(jid);
    expect(await second.loadContacts()).toEqual([bob]);
    expect((await second.loadMessages('bob@example.com')).map((m) => m.body)).toEqual([
      'message 1',
      'message 2',
    ]);
    expect(await second.loadSummaries()).toEqual([
      { peer: 'bob@example.com', unread: 1, lastTime: 1_002 },
    ]);
    expect(await second.getMeta('rosterVersion')).toBe('v7');
    await second.wipe();
  });

  it('pages back through a conversation, newest page first, oldest first within a page', async () => {
    const cache = await openCache(account());
    cache.putMessages(Array.from({ length: 120 }, (_, n) => message('bob@example.com', n)));
    cache.putMessages([message('carol@example.com', 500)]);
    const last = await cache.loadMessages('bob@example.com', { limit: 50 });
    expect(last.map((m) => m.id)).toEqual(Array.from({ length: 50 }, (_, n) => `m${n + 70}`));
    const older = await cache.loadMessages('bob@example.com', { before: last[0]!.time, limit: 50 });
    expect(older[0]!.id).toBe('m20');
    expect(older.at(-1)!.id).toBe('m69');
    await cache.wipe();
  });

  it('stores a message once when it is written twice', async () => {
    const cache = await openCache(account());
    cache.putMessages([message('bob@example.com', 1)]);
    cache.putMessages([{ ...message('bob@example.com', 1), state: 'sent' }]);
    const stored = await cache.loadMessages('bob@example.com');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.state).toBe('sent');
    await cache.wipe();
  });

  it('migrates a version 1 database, deriving conversation summaries', async () => {
    const jid = account();
    const v1 = await openDB(databaseName(jid), 1, {
      upgrade(db) {
        db.createObjectStore('contacts', { keyPath: 'jid' });
        const messages = db.createObjectStore('messages', { keyPath: ['peer', 'id'] });
        messages.createIndex('byTime', ['peer', 'time']);
        db.createObjectStore('meta');
      },
    });
    await v1.put('contacts', bob);
    await v1.put('messages', message('bob@example.com', 1, 5_000));
    await v1.put('messages', message('bob@example.com', 2, 9_000));
    v1.close();

    const cache = await openCache(jid);
    expect(cache.persistent).toBe(true);
    expect(await cache.loadContacts()).toEqual([bob]);
    expect(await cache.loadSummaries()).toEqual([
      { peer: 'bob@example.com', unread: 0, lastTime: 9_000 },
    ]);
    expect(await cache.loadMessages('bob@example.com')).toHaveLength(2);
    await cache.wipe();
  });

  it('migrates a version 2 database: messages findable by their keys, a pending one queued again', async () => {
    const jid = account();
    const v2 = await openDB(databaseName(jid), 2, {
      upgrade(db) {
        db.createObjectStore('contacts', { keyPath: 'jid' });
        const messages = db.createObjectStore('messages', { keyPath: ['peer', 'id'] });
        messages.createIndex('byTime', ['peer', 'time']);
        db.createObjectStore('meta');
        db.createObjectStore('conversations', { keyPath: 'peer' });
      },
    });
    const pending = {
      ...message('bob@example.com', 1, 5_000),
      direction: 'out' as const,
      state: 'pending' as const,
    };
    const archived = {
      ...message('bob@example.com', 2, 9_000),
      archiveId: 'arch-2',
      delayed: true,
    };
    await v2.put('messages', pending);
    await v2.put('messages', archived);
    v2.close();

    const cache = await openCache(jid);
    expect(cache.persistent).toBe(true);
    const outbox = await cache.loadOutbox();
    expect(outbox.map((m) => m.id)).toEqual([pending.id]);
    const [found, missing] = await cache.findMessages([['a:arch-2'], ['a:nothing']]);
    expect(found?.id).toBe(archived.id);
    expect(found).not.toHaveProperty('delayed');
    expect(found).not.toHaveProperty('keys');
    expect(missing).toBeUndefined();
    await cache.wipe();
  });

  it('keeps the outbox until a message is taken out of it', async () => {
    const jid = account();
    const cache = await openCache(jid);
    const out = {
      ...message('bob@example.com', 1, 5_000),
      direction: 'out' as const,
      state: 'pending' as const,
    };
    cache.putMessages([out]);
    cache.putOutbox(out);
    await cache.flush();
    cache.close();
    const again = await openCache(jid);
    expect((await again.loadOutbox()).map((m) => m.body)).toEqual([out.body]);
    again.deleteOutbox(out.id);
    expect(await again.loadOutbox()).toEqual([]);
    await again.wipe();
  });

  it('deletes the database on wipe', async () => {
    const jid = account();
    const cache = await openCache(jid);
    cache.putContact(bob);
    await cache.flush();
    expect(await databaseExists(databaseName(jid))).toBe(true);
    await cache.wipe();
    expect(await databaseExists(databaseName(jid))).toBe(false);
  });

  it('falls back to memory with one warning when IndexedDB cannot be opened', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission', 'SecurityError');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const cache = await openCache(account());
    expect(cache.persistent).toBe(false);
    cache.putContact(bob);
    cache.putMessages([message('bob@example.com', 1)]);
    expect(await cache.loadContacts()).toEqual([bob]);
    expect(await cache.loadMessages('bob@example.com')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('SecurityError');
  });

  it('keeps working in memory when a write fails for lack of quota', async () => {
    const warnings: string[] = [];
    const cache = await openCache(account(), { onFallback: (reason) => warnings.push(reason) });
    cache.putContact(bob);
    await cache.flush();
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    cache.putMessages([message('bob@example.com', 1), message('bob@example.com', 2)]);
    await cache.flush();
    cache.putMessages([message('bob@example.com', 3)]);
    expect(cache.persistent).toBe(false);
    expect((await cache.loadMessages('bob@example.com')).map((m) => m.id)).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('QuotaExceededError');
    vi.restoreAllMocks();
    await cache.wipe();
  });
});
