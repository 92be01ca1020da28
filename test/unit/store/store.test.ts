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
  markRead,
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
