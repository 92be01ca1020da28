// A room the session is in (XEP-0045): joining it (again after every fresh session, never
// after a resumed one: the server kept the occupancy), who is there, and its messages as one
// conversation. The parsers in xmpp/muc.ts decide what is valid; this decides what it means.
import { computed, type ReadonlySignal, signal } from '@preact/signals-core';
import type { Element } from '@xmpp/xml';
import type { Room, RoomOccupant, RoomProblem } from './api.js';
import type { Cache } from './cache/cache.js';
import { KEPT_PREFIX } from './room-stand-in.js';
import * as store from './store/store.js';
import type { Message } from './store/types.js';
import { describeError, parseStanzaError } from './xmpp/errors.js';
import { bareJid, normalizeJid } from './xmpp/jid.js';
import { buildMamQuery, parseMamResult } from './xmpp/mam.js';
import {
  buildJoin,
  buildLeave,
  buildRoomInfoQuery,
  parseGroupchat,
  parseOccupantPresence,
  parseRoomName,
  type RoomMessage,
  STATUS_CREATED,
  STATUS_SELF,
} from './xmpp/muc.js';

/** What a room needs from the session. */
export interface RoomDeps {
  /** The room's bare JID. */
  room: string;
  /** The nick to join as. */
  nick: string;
  store: store.Store;
  cache: Cache | null;
  send: (stanza: Element) => Promise<void>;
  /** Sends an IQ and resolves with the result. */
  request: (iq: Element) => Promise<Element>;
  /** Shows messages, merging copies, and stores them. */
  show: (messages: readonly Message[], read?: boolean) => store.Added;
  /** The archive a running history query (scrolling back, history.ts) went to, by query id. */
  archiveOf: (queryId: string) => string | undefined;
  /** One result of such a query: the message it brings, or `undefined` when it shows nothing. */
  onArchived: (queryId: string, message: Message | undefined) => void;
  /** Where this tab keeps the occupancy for its next page (sessionStorage). */
  storage: () => Storage;
}

/** How often a taken nick is tried again with a number after it. */
const NICK_TRIES = 3;
/** Messages of history asked for on joining (the room may send fewer). */
const HISTORY = 20;

/** Why the room removed us, by status code (XEP-0045 §9–§10). */
const REMOVED: Record<number, RoomProblem> = {
  301: 'banned',
  307: 'kicked',
  321: 'members-only',
  322: 'members-only',
  332: 'closed',
  333: 'closed',
};

/** What a page leaves for the next one to go on in the same occupancy. */
interface Kept {
  /** The XEP-0198 session it was in: only a resume of that session kept it. */
  sm: string;
  nick: string;
  occupants: RoomOccupant[];
}

/** Creates one room of a session; it joins when the session tells it to. */
export function createRoom(deps: RoomDeps) {
  const room = normalizeJid(deps.room);
  const key = `${KEPT_PREFIX}${room}`;
  const state = signal<Room['state']['value']>('idle');
  const problem = signal<RoomProblem | null>(null);
  const name = signal<string | null>(null);
  /** Asks the room for its name, once per page: it is what the header shows. */
  let named = false;
  function fetchName() {
    if (named) return;
    named = true;
    deps
      .request(buildRoomInfoQuery(room))
      .then((result) => {
        name.value = parseRoomName(result);
      })
      .catch(() => {
        named = false; // Asked again after the next join.
      });
  }
  const nick = signal<string | null>(null);
  const occupants = signal<ReadonlyMap<string, RoomOccupant>>(new Map());
  /** The nick asked for by the join in progress, and how many were taken. */
  let asked = deps.nick;
  let taken = 0;
  /** Between the join and the subject, messages are the room's history (XEP-0045 §7.2.15). */
  let inHistory = false;
  /** The newest message this device had when the join began (0: none, a first visit). */
  let seenUntil = 0;
  /** The room archive queries (XEP-0313) running: only their results are taken. */
  const queries = new Map<string, { after: number }>();

  const staffPresent = computed(() =>
    [...occupants.value.values()].some(
      (o) =>
        o.nick !== nick.value &&
        (o.affiliation === 'owner' || o.affiliation === 'admin' || o.affiliation === 'member'),
    ),
  );

  function join(as = nick.value ?? asked) {
    asked = as;
    state.value = 'joining';
    problem.value = null;
    occupants.value = new Map();
    inHistory = true;
    seenUntil = store.conversationOf(deps.store, room).lastTime.peek();
    // Not sent (the link went): joined by the next fresh or resumed session.
    deps.send(buildJoin(room, as, HISTORY)).catch(() => {
      if (state.value === 'joining') state.value = 'idle';
    });
  }

  function fail(why: RoomProblem) {
    state.value = 'error';
    problem.value = why;
    console.warn(`[chatlet] not in the room ${room}: ${why}`);
  }

  function presence(stanza: Element) {
    const parsed = parseOccupantPresence(stanza, room);
    if (!parsed.ok) {
      console.warn(`[chatlet] dropped a room presence: ${parsed.reason}`, stanza.toString());
      return;
    }
    const p = parsed.value;
    if (p.kind === 'error') {
      if (state.value !== 'joining' || p.nick !== asked) return;
      if (p.problem === 'conflict' && taken < NICK_TRIES) {
        taken += 1;
        join(`${deps.nick} (${taken + 1})`);
      } else fail(p.problem === 'conflict' ? 'other' : p.problem);
      return;
    }
    const self = p.codes.includes(STATUS_SELF);
    const next = new Map(occupants.value);
    if (p.available) {
      next.set(p.nick, { nick: p.nick, affiliation: p.affiliation, role: p.role });
    } else {
      next.delete(p.nick);
      if (p.newNick)
        next.set(p.newNick, { nick: p.newNick, affiliation: p.affiliation, role: p.role });
    }
    occupants.value = next;
    if (!self) return;
    if (p.available && p.codes.includes(STATUS_CREATED)) {
      // The room did not exist and this join made it: a visitor must not own a support room.
      void deps.send(buildLeave(room, p.nick)).catch(() => undefined);
      fail('no-room');
    } else if (p.available) {
      nick.value = p.nick;
      state.value = 'joined';
      fetchName();
    } else if (p.newNick) nick.value = p.newNick;
    else {
      const removed = p.codes.map((code) => REMOVED[code]).find(Boolean);
      if (removed) fail(removed);
      else state.value = 'idle';
    }
  }

  function message(stanza: Element) {
    if (stanza.attrs.type === 'error') {
      bounced(stanza);
      return;
    }
    if (state.value !== 'joined' && state.value !== 'joining') {
      console.warn(`[chatlet] dropped a message from ${room}, which we are not in.`);
      return;
    }
    // Our own queries' results, or those of the history's pages of this room's archive.
    const archived = parseMamResult(stanza, (id) => (queries.has(id) ? room : deps.archiveOf(id)));
    if (archived && !archived.ok) {
      console.warn(`[chatlet] dropped a room archive result: ${archived.reason}`);
      return;
    }
    const parsed = parseGroupchat(archived ? archived.value.message : stanza, room);
    if (!parsed.ok) {
      console.warn(`[chatlet] dropped a room message: ${parsed.reason}`, stanza.toString());
      return;
    }
    const m = parsed.value;
    if (archived) {
      // The room's archive says when the room got it; its id is the room's stanza-id.
      m.stanzaId = archived.value.archiveId;
      const query = queries.get(archived.value.queryId);
      if (!query) {
        // A page the history asked for (scrolling back): it places the page before the rest.
        deps.onArchived(archived.value.queryId, toMessage(m, archived.value.stamp));
        return;
      }
      // Archive stamps are whole seconds: a message missing here goes after the result before
      // it (archive order), not before messages of the same second.
      const shown = show(m, archived.value.stamp, true, (copy) => {
        const known = store.findMessage(deps.store, room, store.messageKeys(copy));
        return known ? known.time : Math.max(copy.time, query.after + 1);
      });
      if (shown) query.after = shown.time;
      return;
    }
    if (m.subject !== undefined && m.body === undefined) inHistory = false;
    const history = inHistory && m.delay !== undefined;
    // History is ordered by when the room got it; live messages by when they arrived here.
    const time = history ? Math.min(m.delay!, Date.now()) : Date.now();
    // The replay was there before the visitor came: not new to a first visit, and to one coming
    // back new only after the newest message this device had (a reply written meanwhile).
    show(m, time, history && (seenUntil === 0 || time <= seenUntil));
  }

  /**
   * What a room message shows, at `time`: ours (reflected, or archived) as outgoing, anyone
   * else's as incoming from `room/nick`; nothing for one without a body or a nick (the room's).
   */
  function toMessage(m: RoomMessage, time: number): Message | undefined {
    if (m.body === undefined || !m.nick) return undefined;
    const conversation = store.conversationOf(deps.store, room);
    // Our own message, reflected: by the nick, or by the origin-id we gave it (an older nick).
    const own = m.nick === nick.value || (!!m.originId && conversation.ids.has(m.originId));
    return {
      id: own ? (m.originId ?? m.id ?? crypto.randomUUID()) : (m.stanzaId ?? crypto.randomUUID()),
      peer: room,
      direction: own ? 'out' : 'in',
      body: m.body,
      type: 'groupchat',
      time,
      ...(m.delay !== undefined && { stamp: m.delay }),
      from: `${room}/${m.nick}`,
      ...(own && { state: 'sent' as const }),
      ...(m.stanzaId && { archiveId: m.stanzaId }),
      ...(m.originId && { originId: m.originId }),
      ...(m.id && { remoteId: m.id }),
    };
  }

  /** Shows a room message; `place` may move it in the history. */
  function show(
    m: RoomMessage,
    time: number,
    seen: boolean,
    place?: (message: Message) => number,
  ): Message | undefined {
    const shown = toMessage(m, time);
    if (!shown) return undefined;
    if (place) shown.time = place(shown);
    deps.show([shown], seen);
    return shown;
  }

  /**
   * After the last page's session was resumed: that page may have counted room messages it
   * never stored (the server will not send them again), so the room's archive fills them in.
   */
  async function catchUp() {
    const queryId = crypto.randomUUID();
    queries.set(queryId, { after: 0 });
    try {
      await deps.request(buildMamQuery({ queryId, before: '', max: HISTORY }, room));
    } catch (error) {
      console.info(`[chatlet] could not read the archive of ${room}:`, error);
    } finally {
      queries.delete(queryId);
    }
  }

  /** The room refused one of our messages (not an occupant, not allowed to speak). */
  function bounced(stanza: Element) {
    const id = stanza.attrs.id;
    const original = id ? store.findMessage(deps.store, room, [id]) : undefined;
    if (original?.direction !== 'out') return;
    const updated = store.updateMessage(deps.store, room, original.id, {
      state: 'failed',
      error: describeError(parseStanzaError(stanza) ?? { condition: 'undefined-condition' }),
    });
    if (updated) {
      deps.cache?.putMessages([updated]);
      deps.cache?.deleteOutbox(updated.id);
    }
  }

  const api: Room = {
    jid: room,
    name,
    state,
    problem,
    nick,
    occupants: computed(() => [...occupants.value.values()]),
    staffPresent: staffPresent as ReadonlySignal<boolean>,
    async leave() {
      const as = nick.value;
      state.value = 'idle';
      occupants.value = new Map();
      if (as) await deps.send(buildLeave(room, as));
    },
  };

  return {
    api,
    /** A fresh session: the server forgot the occupancy, join (again). */
    join: () => join(),
    /** The session resumed on this page: join if an earlier join could not be sent. */
    joinIfIdle() {
      if (state.value === 'idle') join();
    },
    /**
     * The last page's session was resumed (`sm` is its id): the occupancy goes on if the last
     * page was in the room in that session, else join.
     */
    resumed(sm: string | undefined) {
      let kept: Kept | null;
      try {
        kept = JSON.parse(deps.storage().getItem(key) ?? 'null') as Kept | null;
      } catch {
        kept = null;
      }
      if (!kept || !sm || kept.sm !== sm || typeof kept.nick !== 'string') {
        join();
        return;
      }
      nick.value = kept.nick;
      occupants.value = new Map(kept.occupants.map((o) => [o.nick, o]));
      state.value = 'joined';
      fetchName();
      void catchUp();
    },
    /** Leaving the page: what the next page needs to go on in the same occupancy. */
    keep(sm: string | undefined) {
      try {
        if (!sm || state.value !== 'joined' || !nick.value) deps.storage().removeItem(key);
        else {
          const kept: Kept = { sm, nick: nick.value, occupants: [...occupants.value.values()] };
          deps.storage().setItem(key, JSON.stringify(kept));
        }
      } catch {
        // Storage blocked: the next page joins again.
      }
    },
    /** Handles a stanza from the room; `false` when it is not from this room. */
    stanza(stanza: Element): boolean {
      const from = stanza.attrs.from;
      if (!from || normalizeJid(bareJid(from)) !== room) return false;
      if (stanza.is('presence')) presence(stanza);
      else if (stanza.is('message')) message(stanza);
      return true;
    },
  };
}

/**
 * The rooms the last page of this tab was in, in the XEP-0198 session `sm`, and its nick in
 * each: the resumed session delivers their messages before any element asks for the room.
 */
export function keptRooms(storage: Storage, sm: string): { room: string; nick: string }[] {
  const found: { room: string; nick: string }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(KEPT_PREFIX)) continue;
    try {
      const kept = JSON.parse(storage.getItem(key) ?? 'null') as Kept | null;
      if (kept?.sm === sm && typeof kept.nick === 'string') {
        found.push({ room: key.slice(KEPT_PREFIX.length), nick: kept.nick });
      }
    } catch {
      // Not ours, or damaged: that room is joined again when asked for.
    }
  }
  return found;
}

/** A visitor's nick when they gave none: "Visitor" and four digits, the same for one account. */
export function visitorNick(account: string): string {
  let hash = 0;
  for (const c of account) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `Visitor ${1000 + (hash % 9000)}`;
}

/** A room of a session, with the hooks the session calls. */
export type SessionRoom = ReturnType<typeof createRoom>;
