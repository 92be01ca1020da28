import type { Element } from '@xmpp/xml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Cache, openCache } from '../../src/cache/cache.js';
import { createOutbox } from '../../src/outbox.js';
import { buildChatMessage } from '../../src/xmpp/message.js';
import { conversationOf, createStore, findMessage, type Store } from '../../src/store/store.js';
import type { Message } from '../../src/store/types.js';

const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';

/** A message the user typed, as the session queues it. */
const typed = (id: string, time: number, peer = BOB): Message => ({
  id,
  peer,
  direction: 'out',
  body: `text of ${id}`,
  type: 'chat',
  time,
  state: 'pending',
  originId: id,
});

/**
 * A connection that records what is written to it. `failNext` makes the next sends reject
 * (the link went while writing); `ack` and `unack` play the server's stream management.
 */
function fakeConnection() {
  const ackHandlers: ((stanza: Element) => void)[] = [];
  const unackedHandlers: ((stanza: Element) => void)[] = [];
  const connection = {
    sent: [] as Element[],
    failNext: 0,
    tracksAcks: true,
    async send(stanza: Element) {
      if (connection.failNext > 0) {
        connection.failNext--;
        throw new Error('the socket closed');
      }
      connection.sent.push(stanza);
    },
    onAck: (handler: (stanza: Element) => void) => void ackHandlers.push(handler),
    onUnacked: (handler: (stanza: Element) => void) => void unackedHandlers.push(handler),
    /** The ids of the stanzas written, in order. */
    sentIds: () => connection.sent.map((s) => s.attrs.id as string),
    /** The server acknowledged the stanza written with this id (XEP-0198). */
    ack(id: string) {
      const stanza = connection.sent.find((s) => s.attrs.id === id)!;
      for (const handler of ackHandlers) handler(stanza);
    },
    /** The stream was not resumed: the stanza written with this id was never acknowledged. */
    unack(id: string) {
      const stanza = connection.sent.find((s) => s.attrs.id === id)!;
      for (const handler of unackedHandlers) handler(stanza);
    },
  };
  return connection;
}

/** The memory cache Node gets (no IndexedDB here): the same code a browser falls back to. */
const memoryCache = () => openCache('alice@example.com', { onFallback: () => undefined });

function setup(cache: Cache | null = null, store: Store = createStore()) {
  const connection = fakeConnection();
  const saveSummary = vi.fn<(peer: string) => void>();
  const outbox = createOutbox({ store, cache, connection, saveSummary });
  const shown = (id: string, peer = BOB) => findMessage(store, peer, [id]);
  return { store, connection, outbox, saveSummary, shown };
}

/** Ids of the messages in a cache's outbox, oldest first. */
const outboxIds = async (cache: Cache) => (await cache.loadOutbox()).map((m) => m.id);

beforeEach(() => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('outbox', () => {
  it('keeps a message queued while closed: shown as pending, stored, nothing sent', async () => {
    const cache = await memoryCache();
    const { connection, outbox, shown, saveSummary } = setup(cache);
    await outbox.queue(typed('m1', 1));
    await outbox.flush();
    expect(shown('m1')).toMatchObject({ state: 'pending', body: 'text of m1' });
    expect(connection.sent).toEqual([]);
    expect(await outboxIds(cache)).toEqual(['m1']);
    expect(saveSummary).toHaveBeenCalledWith(BOB);
  });

  it('sends a chat message whose id and origin-id are the message id', async () => {
    const { connection, outbox } = setup();
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    expect(connection.sent).toHaveLength(1);
    const [stanza] = connection.sent;
    expect(stanza!.name).toBe('message');
    expect(stanza!.attrs).toMatchObject({ type: 'chat', to: BOB, id: 'm1' });
    expect(stanza!.getChildText('body')).toBe('text of m1');
    expect(stanza!.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe('m1');
  });

  it('sends what was queued once opened, oldest first, each once', async () => {
    const { connection, outbox } = setup();
    connection.tracksAcks = false;
    await outbox.queue(typed('late', 30));
    await outbox.queue(typed('first', 10, CAROL));
    await outbox.queue(typed('middle', 20));
    outbox.setOpen(true);
    await outbox.flush();
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['first', 'middle', 'late']);
  });

  it('does not send a message again while it waits for its ack', async () => {
    const { connection, outbox, shown } = setup();
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    await outbox.flush();
    await outbox.queue(typed('m2', 2));
    expect(connection.sentIds()).toEqual(['m1', 'm2']);
    expect(shown('m1')?.state).toBe('pending');
  });

  it('shows a message as sent once the server acknowledges it, and empties its outbox entry', async () => {
    const cache = await memoryCache();
    const { connection, outbox, shown } = setup(cache);
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    expect(shown('m1')?.state).toBe('pending');
    expect(await outboxIds(cache)).toEqual(['m1']);
    connection.ack('m1');
    expect(shown('m1')?.state).toBe('sent');
    expect(await outboxIds(cache)).toEqual([]);
    expect((await cache.findMessages([['m1']]))[0]?.state).toBe('sent');
  });

  it('shows a message as sent once written when the stream tracks no acks', async () => {
    const cache = await memoryCache();
    const { connection, outbox, shown } = setup(cache);
    connection.tracksAcks = false;
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    expect(shown('m1')?.state).toBe('sent');
    expect(await outboxIds(cache)).toEqual([]);
  });

  it('keeps a message whose write failed queued, and sends it with the next flush', async () => {
    const { connection, outbox, shown } = setup();
    connection.tracksAcks = false;
    connection.failNext = 1;
    outbox.setOpen(true);
    await outbox.flush();
    await outbox.queue(typed('m1', 1));
    expect(connection.sent).toEqual([]);
    expect(shown('m1')?.state).toBe('pending');
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['m1']);
    expect(shown('m1')?.state).toBe('sent');
  });

  it('sends a message again after the stream ended without acknowledging it', async () => {
    const { connection, outbox, shown } = setup();
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    outbox.setOpen(false);
    connection.unack('m1');
    expect(shown('m1')?.state).toBe('pending');
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['m1', 'm1']);
  });

  it('shows the messages a closed page left in the outbox as pending', async () => {
    const cache = await memoryCache();
    const left = { ...typed('left', 5), body: 'sent before the reload?' };
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, store } = setup(cache);
    await outbox.restore();
    expect(conversationOf(store, BOB).messages.value).toEqual([
      expect.objectContaining({ id: 'left', state: 'pending', body: 'sent before the reload?' }),
    ]);
    expect(connection.sent).toEqual([]);
  });

  it('shows a restored message as failed after an incomplete catch-up, and sends only what was never written', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, shown } = setup(cache);
    await outbox.restore();
    await outbox.queue(typed('new', 10));
    outbox.settle(false);
    expect(shown('left')).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('Retry'),
    });
    expect(shown('new')).toMatchObject({ state: 'pending' });
    expect(shown('new')?.error).toBeUndefined();
    expect(await outboxIds(cache)).toEqual(['new']);
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['new']);
  });

  it('shows an unacknowledged message as failed after an incomplete catch-up', async () => {
    const { outbox, connection, shown } = setup();
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    outbox.setOpen(false);
    connection.unack('m1');
    outbox.settle(false);
    expect(shown('m1')).toMatchObject({ state: 'failed', error: expect.any(String) });
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['m1']);
  });

  it('restored again with the stanzas a resumed session re-sends, waits for their acks', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, shown } = setup(cache);
    await outbox.restore();
    // This tab takes the account's connection over; the session it resumes holds `left`.
    const written = buildChatMessage({ to: BOB, id: 'left', body: left.body });
    await outbox.restore([written]);
    outbox.settle(false);
    expect(shown('left')?.state).toBe('pending');
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sent).toEqual([]);
    connection.sent.push(written);
    connection.ack('left');
    expect(shown('left')?.state).toBe('sent');
  });

  it('restored again while a message is on its way, neither sends it twice nor fails it', async () => {
    const cache = await memoryCache();
    const { outbox, connection, shown } = setup(cache);
    outbox.setOpen(true);
    await outbox.queue(typed('m1', 1));
    await outbox.restore();
    outbox.settle(false);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['m1']);
    expect(shown('m1')?.state).toBe('pending');
    connection.ack('m1');
    expect(shown('m1')?.state).toBe('sent');
  });

  it('sends restored messages after a complete catch-up', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, shown } = setup(cache);
    await outbox.restore();
    outbox.settle(true);
    expect(shown('left')?.state).toBe('pending');
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['left']);
  });

  it('never sends a room message again on its own when it may have reached the room', async () => {
    const ROOM = 'help@conference.example.com';
    const { outbox, connection, shown } = setup();
    outbox.setOpen(true);
    await outbox.queue({ ...typed('g1', 1, ROOM), type: 'groupchat' });
    await outbox.queue(typed('c1', 2));
    outbox.setOpen(false);
    connection.unack('g1');
    connection.unack('c1');
    // The account's archive is complete, but a room's messages are not in it.
    outbox.settle(true);
    expect(shown('g1', ROOM)).toMatchObject({ state: 'failed', error: expect.any(String) });
    expect(shown('c1')?.state).toBe('pending');
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['g1', 'c1', 'c1']);
  });

  it('does not fail a restored message later once a complete catch-up settled it', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, shown } = setup(cache);
    await outbox.restore();
    outbox.settle(true);
    outbox.settle(false);
    expect(shown('left')?.state).toBe('pending');
  });

  it('queues a failed message again on retry and sends it once open', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, shown } = setup(cache);
    await outbox.restore();
    outbox.settle(false);
    const failed = shown('left')!;
    expect(failed.state).toBe('failed');
    await outbox.retry(failed);
    expect(shown('left')).toMatchObject({ state: 'pending' });
    expect(shown('left')?.error).toBeUndefined();
    expect(await outboxIds(cache)).toEqual(['left']);
    expect(connection.sent).toEqual([]);
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sentIds()).toEqual(['left']);
    connection.ack('left');
    expect(shown('left')?.state).toBe('sent');
  });

  it('sends a retried message at once while open', async () => {
    const cache = await memoryCache();
    const left = typed('left', 5);
    cache.putMessages([left]);
    cache.putOutbox(left);
    const { outbox, connection, shown } = setup(cache);
    await outbox.restore();
    outbox.settle(false);
    outbox.setOpen(true);
    await outbox.flush();
    expect(connection.sent).toEqual([]);
    await outbox.retry(shown('left')!);
    expect(connection.sentIds()).toEqual(['left']);
  });
});
