// History: catching up from the own server's archive (XEP-0313) after every fresh session,
// and a conversation's pages when it is opened and scrolled back — the cache first, then the
// archive: the own account's for a one-to-one chat, the room's own for a room (XEP-0313 §4,
// whose results the room reads). Nothing is skipped silently: a range that could not be
// fetched is a gap the user can see and retry.
import type { Cache } from './cache/cache.js';
import type { Interpreted } from './incoming.js';
import * as store from './store/store.js';
import type { Message } from './store/types.js';
import type { Connection } from './xmpp/connection.js';
import { buildMamQuery, type MamFin, type MamQuery, parseMamFin } from './xmpp/mam.js';

/** What history needs from the session. */
export interface HistoryDeps {
  store: store.Store;
  cache: Cache | null;
  connection: Pick<Connection, 'request'>;
  /** Shows messages, merging copies; stores them. */
  show: (messages: readonly Message[], read?: boolean) => store.Added;
  /** Applies a receipt or marker. */
  acknowledge: (ack: NonNullable<Interpreted['ack']>) => void;
  /** Own bare JID. */
  own: () => string;
  /**
   * Whether the session is in the room `room` now: its archive is asked only then, because the
   * room reads the results (who is who there, which nick is ours) and hands them to `collect`.
   */
  joined: (room: string) => boolean;
}

/** Results asked for per page while catching up (the server may send fewer). */
const CATCH_UP_PAGE = 250;
/** Messages fetched per page when scrolling back (cache or archive), and on a first login. */
const OLDER_PAGE = 50;
/** Where the newest archive id this client has seen is kept. */
const LAST_KEY = 'archiveLast';
/** Where the time to catch up from is kept while no archive id is known (an empty archive). */
const SINCE_KEY = 'archiveSince';

/** A server without an archive answers a query with one of these (RFC 6120 §8.3.3). */
const noArchive = (error: unknown) => {
  const condition = (error as { condition?: string }).condition;
  return condition === 'feature-not-implemented' || condition === 'service-unavailable';
};

/**
 * A message still pending in the cache but not in the outbox was typed on an earlier page
 * that closed before it could even be queued: show it as failed, with Retry, rather than
 * send it behind the user's back.
 */
const orphan = (conversation: store.ConversationState, m: Message): Message =>
  m.state === 'pending' && !conversation.ids.has(m.id)
    ? { ...m, state: 'failed', error: 'Not sent: the page was closed before it went out.' }
    : m;

/** Creates the history side of one session. */
export function createHistory(deps: HistoryDeps) {
  const { store: state, cache, connection } = deps;
  const queries = new Map<string, { archive: string; results: Interpreted[] }>();
  let last: string | undefined;
  let since: number | undefined;
  let loaded: Promise<void> | undefined;
  /** Live archive ids move `last` forward only while nothing before them is missing. */
  let caughtUp = false;
  let running: Promise<void> | undefined;

  const setLast = (id: string) => {
    last = id;
    cache?.setMeta(LAST_KEY, id);
  };

  /**
   * One page of an archive: the own account's, or `to`'s (a room's); resolves with its results
   * in archive order.
   */
  async function page(
    query: Omit<MamQuery, 'queryId'>,
    to?: string,
  ): Promise<{ results: Interpreted[]; fin: MamFin }> {
    const queryId = crypto.randomUUID();
    const entry = { archive: to ?? deps.own(), results: [] as Interpreted[] };
    queries.set(queryId, entry);
    try {
      // The results arrive before the IQ result, each through `collect`.
      const reply = await connection.request(buildMamQuery({ ...query, queryId }, to), 20_000);
      const fin = parseMamFin(reply);
      if (!fin.ok) throw new Error(fin.reason);
      return { results: entry.results, fin: fin.value };
    } finally {
      queries.delete(queryId);
    }
  }

  /**
   * Shows a page of results, leaving out what the cache already has. `floors` (catching up)
   * places each conversation's messages in archive order: archive stamps are whole seconds
   * (Prosody's), so a message the page never showed goes after the result before it, not
   * before a message that came live earlier in the same second — the last page may have
   * counted a message it never stored.
   */
  async function apply(
    results: readonly Interpreted[],
    read: boolean,
    floors: Map<string, number> = new Map(),
  ) {
    const messages = results.flatMap((r) => (r.message ? [r.message] : []));
    const unseen = messages.filter((m) => !store.findMessage(state, m.peer, store.messageKeys(m)));
    // Not on screen may still mean stored: a conversation shows only its newest messages.
    const stored = cache ? await cache.findMessages(unseen.map((m) => store.messageKeys(m))) : [];
    const copies = new Set(unseen.filter((_, i) => stored[i] !== undefined));
    for (const [i, m] of unseen.entries()) {
      const copy = stored[i];
      const merged = copy && store.mergeCopy(copy, m);
      if (merged) cache?.putMessages([merged]);
    }
    const placed = messages
      .filter((m) => !copies.has(m))
      .map((m) => {
        const known = store.findMessage(state, m.peer, store.messageKeys(m));
        const floor = floors.get(m.peer) ?? -Infinity;
        const shown = known || m.time > floor ? m : { ...m, time: floor + 1 };
        floors.set(m.peer, Math.max(floor, (known ?? shown).time));
        return shown;
      });
    deps.show(placed, read);
    for (const result of results) if (result.ack) deps.acknowledge(result.ack);
  }

  /** Where catching up after archive id `after` starts: the time of that message, shown. */
  function floorsAfter(after: string | undefined): Map<string, number> {
    const floors = new Map<string, number>();
    if (after === undefined) return floors;
    for (const [peer, conversation] of state.conversations) {
      const anchor = conversation.messages.value.findLast((m) => m.archiveId === after);
      if (anchor) floors.set(peer, anchor.time);
    }
    return floors;
  }

  async function catchUpOnce() {
    loaded ??= (async () => {
      last = cache ? await cache.getMeta<string>(LAST_KEY) : undefined;
      since = cache ? await cache.getMeta<number>(SINCE_KEY) : undefined;
    })();
    await loaded;
    if (last === undefined && since === undefined) {
      // A first login on this device: the newest page; older ones load when scrolling back.
      // They were sent before this device existed, so they are not unread here.
      const { results, fin } = await page({ before: '', max: OLDER_PAGE });
      await apply(results, true);
      if (fin.last) setLast(fin.last);
      else {
        // An empty archive has no id to start from next time: remember when instead (a
        // minute early, for the difference between this clock and the server's).
        since = Date.now() - 60_000;
        cache?.setMeta(SINCE_KEY, since);
      }
      return;
    }
    const floors = floorsAfter(last);
    for (;;) {
      const from: Omit<MamQuery, 'queryId' | 'max'> =
        last !== undefined ? { after: last } : { start: since! };
      const { results, fin } = await page({ ...from, max: CATCH_UP_PAGE });
      await apply(results, false, floors);
      if (fin.last) setLast(fin.last);
      if (fin.complete || !fin.last || results.length === 0) return;
    }
  }

  /**
   * Loads the page of a conversation's archive before its oldest message shown. Resolves with
   * older messages (oldest first) and whether the archive has nothing older. A room's page is
   * asked of the room's archive, before the oldest id the room gave (its stanza-id): everyone's
   * messages there are the room's conversation.
   */
  async function older(peer: string): Promise<{ messages: Message[]; complete: boolean }> {
    const shown = store.conversationOf(state, peer).messages.value;
    const room = state.rooms.value.has(peer);
    const anchor = shown.find((m) => m.archiveId);
    const scope = room ? {} : { with: peer };
    const query: Omit<MamQuery, 'queryId'> = anchor
      ? { ...scope, before: anchor.archiveId!, max: OLDER_PAGE }
      : {
          ...scope,
          before: '',
          max: OLDER_PAGE,
          ...(shown[0] && { end: shown[0].time - 1 }),
        };
    const { results, fin } = await page(query, room ? peer : undefined);
    for (const result of results) if (result.ack) deps.acknowledge(result.ack);
    const messages = results.flatMap((r) => (r.message?.peer === peer ? [r.message] : []));
    return { messages, complete: fin.complete || results.length === 0 };
  }

  /** Shows a conversation's newest cached page, merged with what is already shown. */
  async function loadNewest(peer: string) {
    const conversation = store.conversationOf(state, peer);
    const cached = cache ? await cache.loadMessages(peer, { limit: OLDER_PAGE }) : [];
    store.addMessages(
      state,
      cached.map((m) => orphan(conversation, m)),
      { read: true },
    );
    if (cached.length < OLDER_PAGE && state.status.value === 'online') await loadOlder(peer);
  }

  /** Shows the page before a conversation's oldest message: from the cache, else the archive. */
  async function loadOlder(peer: string) {
    const conversation = store.conversationOf(state, peer);
    if (conversation.complete.value) return;
    const oldest = conversation.messages.value[0]?.time;
    const cached = cache
      ? await cache.loadMessages(peer, { before: oldest, limit: OLDER_PAGE })
      : [];
    store.prependMessages(
      state,
      peer,
      cached.map((m) => orphan(conversation, m)),
      false,
    );
    // A full page may have more before it; offline, scrolling back once online asks again.
    if (cached.length === OLDER_PAGE || state.status.value !== 'online') return;
    // A room's archive likewise once the session is in the room (the join brings the newest).
    if (state.rooms.value.has(peer) && !deps.joined(peer)) return;
    try {
      const { messages, complete } = await older(peer);
      cache?.putMessages(messages);
      conversation.olderError.value = null;
      store.prependMessages(state, peer, messages, complete);
    } catch (error) {
      // No archive on this server: what the cache had is all there is.
      if (noArchive(error)) store.prependMessages(state, peer, [], true);
      else {
        console.warn('[chatlet] could not load older messages:', error);
        conversation.olderError.value = 'Older messages could not be loaded.';
      }
    }
  }

  return {
    /** The archive a running query went to. */
    archiveOf: (queryId: string) => queries.get(queryId)?.archive,
    /** Collects one result of a running query. */
    collect(queryId: string, result: Interpreted) {
      queries.get(queryId)?.results.push(result);
    },
    /** A live message with the own archive's id: after a complete catch-up, the new mark. */
    seen(archiveId: string) {
      if (caughtUp) setLast(archiveId);
    },
    /** Forgets that history is complete (a fresh session starts). */
    reset() {
      caughtUp = false;
    },
    /**
     * Fetches everything archived since the last id seen, page by page. Resolves `true` when
     * complete, `false` (and shows a gap) when some could not be fetched.
     */
    async catchUp(): Promise<boolean> {
      running ??= catchUpOnce().finally(() => (running = undefined));
      try {
        await running;
        caughtUp = true;
        state.historyGap.value = null;
        return true;
      } catch (error) {
        if (noArchive(error)) {
          // A server without an archive: nothing to catch up from, and nothing to show as missing.
          console.info('[chatlet] the server keeps no message archive (XEP-0313).');
          return false;
        }
        console.warn('[chatlet] could not fetch the history since the last visit:', error);
        state.historyGap.value = 'Some messages since your last visit could not be loaded.';
        return false;
      }
    },
    older,
    loadNewest,
    loadOlder,
  };
}

/** The history side of one session. */
export type History = ReturnType<typeof createHistory>;
