import { effect } from '@preact/signals-core';
import { describe, expect, it } from 'vitest';
import {
  addMessages,
  addRequest,
  aggregate,
  applyPresences,
  clearPresences,
  conversationOf,
  createStore,
  displayName,
  findMessage,
  markRead,
  mergeCopy,
  messageKeys,
  prependMessages,
  presenceOf,
  removeContact,
  removeRequest,
  setRoster,
  updateMessage,
  upsertContact,
} from '../../../src/store/store.js';
import type { Message } from '../../../src/store/types.js';

const message = (n: number, direction: 'in' | 'out' = 'in', peer = 'bob@example.com'): Message => ({
  id: `m${n}`,
  peer,
  direction,
  body: `hello ${n}`,
  type: 'chat',
  time: n,
});

describe('store', () => {
  it('keeps two stores apart', () => {
    const a = createStore();
    const b = createStore();
    addMessages(a, [message(1)]);
    expect(b.conversations.size).toBe(0);
    expect(b.unreadTotal.value).toBe(0);
  });

  it('adds, renames and removes contacts', () => {
    const store = createStore();
    setRoster(store, [{ jid: 'bob@example.com', groups: ['Team'], subscription: 'both' }]);
    upsertContact(store, {
      jid: 'bob@example.com',
      name: 'Bob',
      groups: ['Friends'],
      subscription: 'both',
    });
    expect(store.contacts.value.get('bob@example.com')).toMatchObject({
      name: 'Bob',
      groups: ['Friends'],
    });
    removeContact(store, 'bob@example.com');
    expect(store.contacts.value.size).toBe(0);
  });

  it('shows a person as the most available of their resources', () => {
    const store = createStore();
    applyPresences(store, [
      {
        jid: 'bob@example.com',
        resource: 'phone',
        presence: { show: 'away', status: 'at lunch', priority: 5 },
      },
      { jid: 'bob@example.com', resource: 'desk', presence: { show: 'online', priority: 0 } },
    ]);
    expect(presenceOf(store, 'bob@example.com').value.show).toBe('online');
    applyPresences(store, [{ jid: 'bob@example.com', resource: 'desk', presence: null }]);
    expect(presenceOf(store, 'bob@example.com').value).toMatchObject({
      show: 'away',
      status: 'at lunch',
    });
    applyPresences(store, [{ jid: 'bob@example.com', resource: 'phone', presence: null }]);
    expect(presenceOf(store, 'bob@example.com').value.show).toBe('offline');
  });

  it('breaks a tie in availability by priority', () => {
    const best = aggregate({
      a: { show: 'away', status: 'low', priority: 1 },
      b: { show: 'away', status: 'high', priority: 10 },
    });
    expect(best.status).toBe('high');
  });

  it('applies a flood of 5,000 presences as one update per watcher', () => {
    const store = createStore();
    const jids = Array.from({ length: 5000 }, (_, n) => `user${n}@example.com`);
    let runs = 0;
    const dispose = effect(() => {
      for (const jid of jids) void presenceOf(store, jid).value;
      runs++;
    });
    applyPresences(
      store,
      jids.map((jid) => ({
        jid,
        resource: 'r',
        presence: { show: 'online' as const, priority: 0 },
      })),
    );
    dispose();
    expect(runs).toBe(2); // the first run, then one for the whole flood
    expect(presenceOf(store, 'user4999@example.com').value.show).toBe('online');
  });

  it('marks everyone offline when our connection goes', () => {
    const store = createStore();
    applyPresences(store, [
      { jid: 'bob@example.com', resource: 'r', presence: { show: 'dnd', priority: 0 } },
    ]);
    clearPresences(store);
    expect(presenceOf(store, 'bob@example.com').value.show).toBe('offline');
  });

  it('counts incoming messages as unread until read', () => {
    const store = createStore();
    addMessages(store, [message(1), message(2, 'out'), message(3)]);
    addMessages(store, [message(4, 'in', 'carol@example.com')]);
    expect(conversationOf(store, 'bob@example.com').unread.value).toBe(2);
    expect(store.unreadTotal.value).toBe(3);
    markRead(store, 'bob@example.com');
    expect(store.unreadTotal.value).toBe(1);
  });

  it('shows a message once when it arrives twice', () => {
    const store = createStore();
    addMessages(store, [message(1)]);
    const { added, duplicates } = addMessages(store, [message(1), message(2)]);
    expect(added.map((m) => m.id)).toEqual(['m2']);
    expect(duplicates.map((m) => m.id)).toEqual(['m1']);
    expect(conversationOf(store, 'bob@example.com').messages.value).toHaveLength(2);
    expect(store.unreadTotal.value).toBe(2);
  });

  it('puts older pages before the loaded messages and records completeness', () => {
    const store = createStore();
    addMessages(store, [message(10)], { read: true });
    prependMessages(store, 'bob@example.com', [message(1), message(2), message(10)], true);
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value.map((m) => m.id)).toEqual(['m1', 'm2', 'm10']);
    expect(conversation.complete.value).toBe(true);
  });

  it('updates the delivery state of one message', () => {
    const store = createStore();
    addMessages(store, [{ ...message(1, 'out'), state: 'pending' }]);
    updateMessage(store, 'bob@example.com', 'm1', {
      state: 'failed',
      error: 'Recipient unavailable',
    });
    expect(conversationOf(store, 'bob@example.com').messages.value[0]).toMatchObject({
      state: 'failed',
      error: 'Recipient unavailable',
    });
    expect(updateMessage(store, 'bob@example.com', 'nope', { state: 'sent' })).toBeUndefined();
  });

  it('keeps one subscription request per JID', () => {
    const store = createStore();
    addRequest(store, { jid: 'dave@example.com' });
    addRequest(store, { jid: 'dave@example.com', nick: 'Dave' });
    expect(store.requests.value).toHaveLength(1);
    removeRequest(store, 'dave@example.com');
    expect(store.requests.value).toHaveLength(0);
  });

  it('names a contact by its roster name, else by the local part of its JID', () => {
    expect(
      displayName({ jid: 'bob@example.com', name: ' Bob ', groups: [], subscription: 'both' }),
    ).toBe('Bob');
    expect(
      displayName({ jid: 'bob@example.com', name: '  ', groups: [], subscription: 'both' }),
    ).toBe('bob');
  });
});

/** Bob's message as it arrived live: a random local id, his origin-id, no archive id yet. */
const live: Message = {
  id: 'local-1',
  peer: 'bob@example.com',
  direction: 'in',
  body: 'Are you coming?',
  type: 'chat',
  time: 100,
  from: 'bob@example.com/phone',
  originId: 'bob-o1',
};

/** The same message from the own archive: the archive's id, the same origin-id. */
const archived: Message = { ...live, id: 'A1', archiveId: 'A1', time: 99 };

/** One of our messages, queued. */
const outgoing: Message = {
  id: 'out-1',
  peer: 'bob@example.com',
  direction: 'out',
  body: 'On my way',
  type: 'chat',
  time: 200,
  state: 'pending',
  originId: 'out-1',
};

const bodies = (store: ReturnType<typeof createStore>, peer = 'bob@example.com') =>
  conversationOf(store, peer).messages.value.map((m) => m.body);

describe('messageKeys', () => {
  it('knows a message by its id alone when it has nothing else', () => {
    expect(messageKeys(message(1))).toEqual(['m1']);
  });

  it('knows an incoming message by its archive id and by its origin-id qualified by the sender', () => {
    expect(messageKeys(archived)).toEqual(['A1', 'a:A1', 'o:bob@example.com:bob-o1']);
  });

  it('qualifies the origin-id of our own messages by “me”, not by the peer', () => {
    expect(messageKeys(outgoing)).toEqual(['out-1', 'o:me:out-1']);
  });
});

describe('addMessages: copies of one message', () => {
  it('merges the live copy and the archived copy into one message with the archive id', () => {
    const store = createStore();
    addMessages(store, [live]);
    const { added, merged, duplicates } = addMessages(store, [archived]);
    expect(added).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(merged).toEqual([{ ...live, archiveId: 'A1' }]);
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value).toEqual([{ ...live, archiveId: 'A1' }]);
    expect(conversation.unread.value).toBe(1);
    // Known by its archive id from now on: a third copy is a duplicate.
    expect(addMessages(store, [{ ...archived, originId: undefined }]).duplicates).toHaveLength(1);
    expect(conversation.messages.value).toHaveLength(1);
  });

  it('merges an archived copy that arrives before the live one', () => {
    const store = createStore();
    addMessages(store, [archived]);
    const { duplicates } = addMessages(store, [live]);
    expect(duplicates).toEqual([live]);
    expect(conversationOf(store, 'bob@example.com').messages.value).toEqual([archived]);
  });

  it('shows messages from two senders with the same origin-id, each in its conversation', () => {
    const store = createStore();
    const fromCarol: Message = { ...live, id: 'local-2', peer: 'carol@example.com' };
    addMessages(store, [live]);
    expect(addMessages(store, [fromCarol]).added).toEqual([fromCarol]);
    expect(bodies(store, 'bob@example.com')).toEqual(['Are you coming?']);
    expect(bodies(store, 'carol@example.com')).toEqual(['Are you coming?']);
  });

  it('shows a peer’s message that reuses the origin-id of one of ours', () => {
    const store = createStore();
    addMessages(store, [{ ...outgoing, state: 'sent' }]);
    const spoof: Message = {
      ...live,
      id: 'local-2',
      body: 'I reuse your id',
      originId: 'out-1',
      time: 300,
    };
    const { added } = addMessages(store, [spoof]);
    expect(added).toEqual([spoof]);
    expect(bodies(store)).toEqual(['On my way', 'I reuse your id']);
  });

  it('reports the copies of messages already shown as duplicates', () => {
    const store = createStore();
    addMessages(store, [live, { ...outgoing, state: 'sent' }]);
    const again = { ...live, id: 'local-9' };
    const result = addMessages(store, [again, { ...outgoing, state: 'sent' }]);
    expect(result.added).toEqual([]);
    expect(result.merged).toEqual([]);
    expect(result.duplicates).toEqual([again, { ...outgoing, state: 'sent' }]);
    expect(bodies(store)).toEqual(['Are you coming?', 'On my way']);
  });

  it('shows a message once when two copies come in one call', () => {
    const store = createStore();
    const { added, merged } = addMessages(store, [live, archived]);
    expect(added).toEqual([live]);
    expect(merged).toEqual([{ ...live, archiveId: 'A1' }]);
    expect(conversationOf(store, 'bob@example.com').messages.value).toHaveLength(1);
  });
});

describe('addMessages: order and unread', () => {
  it('puts a late copy in its place by time, not at the end', () => {
    const store = createStore();
    addMessages(store, [message(10), message(30)]);
    addMessages(store, [message(20)]);
    addMessages(store, [message(5)]);
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value.map((m) => m.time)).toEqual([5, 10, 20, 30]);
    expect(conversation.lastTime.value).toBe(30);
  });

  it('puts a message with the same time as shown ones after them', () => {
    const store = createStore();
    addMessages(store, [message(10), { ...message(30), id: 'x' }]);
    addMessages(store, [{ ...message(10), id: 'same-time' }]);
    expect(conversationOf(store, 'bob@example.com').messages.value.map((m) => m.id)).toEqual([
      'm10',
      'same-time',
      'x',
    ]);
  });

  it('counts only new incoming messages as unread', () => {
    const store = createStore();
    addMessages(store, [live]);
    addMessages(store, [archived]); // a copy
    addMessages(store, [{ ...live, id: 'local-9' }]); // a duplicate
    addMessages(store, [outgoing]); // ours
    addMessages(store, [message(300)], { read: true }); // already seen elsewhere
    expect(conversationOf(store, 'bob@example.com').unread.value).toBe(1);
    addMessages(store, [message(400)]);
    expect(store.unreadTotal.value).toBe(2);
  });
});

describe('addMessages: delivery state of copies', () => {
  it('marks a queued message sent when a sent copy of it arrives', () => {
    const store = createStore();
    addMessages(store, [outgoing]);
    const { merged } = addMessages(store, [{ ...outgoing, state: 'sent', archiveId: 'A7' }]);
    expect(merged).toEqual([{ ...outgoing, state: 'sent', archiveId: 'A7' }]);
    expect(findMessage(store, 'bob@example.com', ['out-1'])).toMatchObject({
      state: 'sent',
      archiveId: 'A7',
    });
  });

  it('clears the error of a failed message once a copy proves the server has it', () => {
    const store = createStore();
    addMessages(store, [{ ...outgoing, state: 'failed', error: 'Timed out' }]);
    addMessages(store, [{ ...outgoing, state: 'sent' }]);
    const shown = findMessage(store, 'bob@example.com', ['out-1'])!;
    expect(shown.state).toBe('sent');
    expect(shown.error).toBeUndefined();
  });

  it('never moves a read message back to sent', () => {
    const store = createStore();
    addMessages(store, [{ ...outgoing, state: 'read' }]);
    const { duplicates } = addMessages(store, [{ ...outgoing, state: 'sent' }]);
    expect(duplicates).toHaveLength(1);
    expect(findMessage(store, 'bob@example.com', ['out-1'])!.state).toBe('read');
  });

  it('keeps a read message read while taking the archive id of a sent copy', () => {
    const store = createStore();
    addMessages(store, [{ ...outgoing, state: 'read' }]);
    addMessages(store, [{ ...outgoing, state: 'sent', archiveId: 'A7' }]);
    expect(findMessage(store, 'bob@example.com', ['a:A7'])).toMatchObject({
      state: 'read',
      archiveId: 'A7',
    });
  });
});

describe('mergeCopy', () => {
  it('moves an outgoing message forward: pending → sent → delivered → read', () => {
    const pending = { ...outgoing, state: 'pending' as const };
    expect(mergeCopy(pending, { ...outgoing, state: 'sent' })?.state).toBe('sent');
    expect(
      mergeCopy({ ...outgoing, state: 'sent' }, { ...outgoing, state: 'delivered' })?.state,
    ).toBe('delivered');
    expect(
      mergeCopy({ ...outgoing, state: 'delivered' }, { ...outgoing, state: 'read' })?.state,
    ).toBe('read');
  });

  it.each([
    ['read', 'sent'],
    ['read', 'delivered'],
    ['delivered', 'sent'],
    ['sent', 'pending'],
    ['sent', 'failed'],
    ['read', 'read'],
  ] as const)('never moves an outgoing message from %s back to %s', (shown, copy) => {
    expect(mergeCopy({ ...outgoing, state: shown }, { ...outgoing, state: copy })).toBeUndefined();
  });

  it('adds the archive id a copy brings and keeps the one already known', () => {
    expect(mergeCopy(live, archived)).toEqual({ ...live, archiveId: 'A1' });
    expect(mergeCopy(archived, { ...archived, archiveId: 'A2' })).toBeUndefined();
  });

  it('gives an incoming message no delivery state from a copy', () => {
    expect(mergeCopy(live, { ...live, state: 'read' })).toBeUndefined();
  });
});

describe('prependMessages', () => {
  it('leaves out older messages already shown, whichever key they are known by', () => {
    const store = createStore();
    addMessages(store, [live, { ...outgoing, state: 'sent', archiveId: 'A7' }], { read: true });
    prependMessages(
      store,
      'bob@example.com',
      [
        message(1),
        archived, // live, by origin-id
        { ...outgoing, id: 'A7', originId: undefined, archiveId: 'A7', time: 2 }, // by archive id
        { ...message(3), id: 'local-1' }, // by id
      ],
      false,
    );
    expect(conversationOf(store, 'bob@example.com').messages.value.map((m) => m.id)).toEqual([
      'm1',
      'local-1',
      'out-1',
    ]);
  });

  it('remembers the keys of prepended messages so a later copy is not shown again', () => {
    const store = createStore();
    prependMessages(store, 'bob@example.com', [archived], false);
    expect(addMessages(store, [live]).duplicates).toEqual([live]);
    expect(conversationOf(store, 'bob@example.com').messages.value).toHaveLength(1);
  });

  it('does not count prepended messages as unread', () => {
    const store = createStore();
    prependMessages(store, 'bob@example.com', [message(1), message(2)], true);
    expect(store.unreadTotal.value).toBe(0);
  });
});

describe('findMessage', () => {
  it('finds a message by its id, its archive id or its qualified origin-id', () => {
    const store = createStore();
    addMessages(store, [archived]);
    expect(findMessage(store, 'bob@example.com', ['A1'])).toEqual(archived);
    expect(findMessage(store, 'bob@example.com', ['a:A1'])).toEqual(archived);
    expect(findMessage(store, 'bob@example.com', ['o:bob@example.com:bob-o1'])).toEqual(archived);
  });

  it('does not find a message by its bare origin-id or in another conversation', () => {
    const store = createStore();
    addMessages(store, [archived]);
    expect(findMessage(store, 'bob@example.com', ['bob-o1'])).toBeUndefined();
    expect(findMessage(store, 'carol@example.com', ['A1'])).toBeUndefined();
  });

  it('does not create a conversation with someone never talked to', () => {
    const store = createStore();
    findMessage(store, 'carol@example.com', ['x']);
    expect(store.conversations.has('carol@example.com')).toBe(false);
    expect(store.peers.value).toEqual([]);
  });
});
