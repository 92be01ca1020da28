// A Session for component tests: real signals from createStore(), actions
// that change the store the way the real session would, and a record of calls.
import { computed, type Signal, signal } from '@preact/signals-core';
import type {
  ContactChanges,
  Conversation,
  Room,
  RoomOccupant,
  RoomProblem,
  Session,
} from '../../src/api.js';
import {
  addMessages,
  conversationOf,
  createStore,
  markRead,
  prependMessages,
  presenceOf,
  removeContact,
  removeRequest,
  type Store,
  updateMessage,
  upsertContact,
} from '../../src/store/store.js';
import type { Contact, Message, Show } from '../../src/store/types.js';

/** One recorded call of a session or conversation action. */
export type Call = [name: string, ...args: unknown[]];

/** A Session whose actions mutate a real store, with knobs for tests. */
export interface FakeSession extends Session {
  readonly store: Store;
  /** Every action called, in order. */
  readonly calls: Call[];
  /** When set, `send()` rejects with this message and adds nothing. */
  failSend: string | null;
  /** Older messages per peer, handed out by `loadOlder()` a page at a time. */
  readonly older: Map<string, Message[]>;
  /** Page size of `loadOlder()`. */
  pageSize: number;
  /** The rooms joined, by JID, with writable signals for tests. */
  readonly rooms: Map<string, FakeRoom>;
}

/** A room of the fake session: tests set its state and occupants. */
export interface FakeRoom extends Room {
  readonly name: Signal<string | null>;
  readonly state: Signal<Room['state']['value']>;
  readonly problem: Signal<RoomProblem | null>;
  readonly nick: Signal<string | null>;
  readonly occupants: Signal<readonly RoomOccupant[]>;
}

let counter = 0;

/** Creates a fake session logged in as `jid`, online. */
export function createFakeSession(jid = 'me@example.com'): FakeSession {
  const store = createStore();
  store.account.value = jid;
  store.status.value = 'online';
  const calls: Call[] = [];
  const conversations = new Map<string, Conversation>();

  const session: FakeSession = {
    store,
    calls,
    failSend: null,
    older: new Map(),
    pageSize: 50,
    rooms: new Map(),
    joinRoom(jid, options = {}) {
      const existing = session.rooms.get(jid);
      if (existing) return existing;
      calls.push(['joinRoom', jid, options]);
      const nick = signal<string | null>(null);
      const occupants = signal<readonly RoomOccupant[]>([]);
      const room: FakeRoom = {
        jid,
        name: signal<string | null>(null),
        state: signal<Room['state']['value']>('joining'),
        problem: signal<RoomProblem | null>(null),
        nick,
        occupants,
        staffPresent: computed(() =>
          occupants.value.some((o) => o.nick !== nick.value && o.affiliation !== 'none'),
        ),
        async leave() {
          calls.push(['leaveRoom', jid]);
        },
      };
      session.rooms.set(jid, room);
      store.rooms.value = new Set(session.rooms.keys());
      return room;
    },
    status: store.status,
    error: store.error,
    jid: store.account,
    visitor: store.visitor,
    contacts: computed(() =>
      [...store.contacts.value.values()].sort((a, b) =>
        (a.name ?? a.jid).localeCompare(b.name ?? b.jid),
      ),
    ),
    requests: store.requests,
    unreadTotal: store.unreadTotal,
    historyGap: store.historyGap,
    ownPresence: store.ownPresence,
    presenceOf: (peer) => presenceOf(store, peer),
    conversation(peer) {
      let conversation = conversations.get(peer);
      if (conversation) return conversation;
      const state = conversationOf(store, peer);
      conversation = {
        peer,
        messages: state.messages,
        unread: state.unread,
        complete: state.complete,
        olderError: state.olderError,
        async send(body) {
          calls.push(['send', peer, body]);
          if (!body.trim()) throw new Error('Empty message');
          if (session.failSend) throw new Error(session.failSend);
          const message: Message = {
            id: `out-${++counter}`,
            peer,
            direction: 'out',
            body,
            type: 'chat',
            time: Date.now(),
            state: 'pending',
          };
          addMessages(store, [message]);
          return message;
        },
        async retry(id) {
          calls.push(['retry', peer, id]);
          updateMessage(store, peer, id, { state: 'pending', error: undefined });
        },
        markRead() {
          calls.push(['markRead', peer]);
          markRead(store, peer);
        },
        async loadOlder() {
          calls.push(['loadOlder', peer]);
          const rest = session.older.get(peer) ?? [];
          const page = rest.splice(Math.max(0, rest.length - session.pageSize));
          prependMessages(store, peer, page, rest.length === 0);
        },
      };
      conversations.set(peer, conversation);
      return conversation;
    },
    async retryHistory() {
      calls.push(['retryHistory']);
      store.historyGap.value = null;
    },
    async setPresence(show, status) {
      calls.push(['setPresence', show, status]);
      store.ownPresence.value = status === undefined ? { show } : { show, status };
    },
    async addContact(peer, changes: ContactChanges = {}, options?: { nick?: string }) {
      calls.push(options ? ['addContact', peer, changes, options] : ['addContact', peer, changes]);
      upsertContact(store, {
        jid: peer,
        name: changes.name,
        groups: changes.groups ?? [],
        subscription: 'none',
        pending: true,
      });
    },
    async updateContact(peer, changes) {
      calls.push(['updateContact', peer, changes]);
      const current = store.contacts.value.get(peer);
      if (current) upsertContact(store, { ...current, ...changes });
    },
    async removeContact(peer) {
      calls.push(['removeContact', peer]);
      removeContact(store, peer);
    },
    async answerRequest(peer, accept) {
      calls.push(['answerRequest', peer, accept]);
      removeRequest(store, peer);
    },
    async disconnect() {
      calls.push(['disconnect']);
      store.status.value = 'offline';
    },
    async logout() {
      calls.push(['logout']);
      store.status.value = 'offline';
    },
  };
  return session;
}

/** A roster entry. */
export function contact(jid: string, name?: string, groups: string[] = []): Contact {
  return { jid, name, groups, subscription: 'both' };
}

/** Sets the presence of a JID (one resource, `web`). */
export function setShow(session: FakeSession, jid: string, show: Show, status?: string): void {
  presenceOf(session.store, jid).value =
    show === 'offline'
      ? { show, resources: {} }
      : { show, status, resources: { web: { show, status, priority: 0 } } };
}

/** A message in a conversation; incoming unless `direction` says otherwise. */
export function message(peer: string, body: string, fields: Partial<Message> = {}): Message {
  return {
    id: `m-${++counter}`,
    peer,
    direction: 'in',
    body,
    type: 'chat',
    time: Date.now(),
    from: `${peer}/phone`,
    ...fields,
  };
}

/** Waits for the browser to lay out and paint twice (layout, then the rows it adds). */
export async function frames(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Polls until `check` passes or a generous number of frames has gone by. */
export async function until(check: () => boolean, maxFrames = 120): Promise<void> {
  for (let i = 0; i < maxFrames; i++) {
    if (check()) return;
    await frames(1);
  }
  throw new Error(`Condition not met: ${check.toString()}`);
}

/** Adds an element to the document and waits for its first render. */
export async function mount<T extends HTMLElement & { updateComplete?: Promise<unknown> }>(
  element: T,
  style = '',
): Promise<T> {
  if (style) element.setAttribute('style', style);
  document.body.append(element);
  await element.updateComplete;
  await frames();
  return element;
}
