// The glue: connect() builds a Session — hydrate from cache → connect →
// roster and carbons → presence → catch up history → send the outbox — and
// turns user intents into stanzas.
import { computed } from '@preact/signals-core';
import type { ConnectOptions, ContactChanges, Conversation, Room, Session } from './api.js';
import { type Cache, openCache } from './cache/cache.js';
import { type Continuity, createContinuity, deviceId, type SavedSession } from './continuity.js';
import { defaultSession, LAST_ACCOUNT_KEY, lastAccount } from './default-session.js';
import { forgetGuest, GUEST_DAYS, loadGuest, newGuest, saveGuest } from './guest.js';
import { createHistory } from './history.js';
import { createIncoming } from './incoming.js';
import { createOutbox } from './outbox.js';
import type { SessionRoom } from './room.js';
import { loadRoomCode } from './room.lazy.js';
import { anyKeptRoom, roomStandIn } from './room-stand-in.js';
import * as store from './store/store.js';
import type { Message } from './store/types.js';
import { tabsSupported } from './tabs/leader.js';
import { loadTabs } from './tabs/tabs.lazy.js';
import {
  type Connection,
  type ConnectionOptions,
  createConnection,
  type FastToken,
  LoginError,
  type ScramKeys,
} from './xmpp/connection.js';
import { bareJid, isValidJid, resourceOf } from './xmpp/jid.js';
import { buildEnableCarbons } from './xmpp/carbons.js';
import { buildAcknowledgement } from './xmpp/message.js';
import { buildPresence, buildSubscription } from './xmpp/presence.js';
import { buildRosterGet, buildRosterRemove, buildRosterSet, NS_ROSTER } from './xmpp/roster.js';

/**
 * Logs in and returns the session. The store is filled from the cache before
 * the network is touched; the promise resolves once the session is online and
 * rejects with a readable message when the login fails. Without a password, a
 * login resumes the last page's session, or uses the saved FAST token, or the
 * SCRAM keys cached by an earlier login of the same account.
 */
export async function connect(options: ConnectOptions): Promise<Session> {
  const settings = checkOptions(await whoIsIt(options));
  if (!settings.anonymous) return open(settings, settings.password === undefined);
  // A visitor: the identity this browser keeps, else a new guest account.
  const domain = settings.domain;
  const days = settings.visitorDays ?? GUEST_DAYS;
  const kept = days > 0 ? loadGuest(domain) : null;
  if (kept) {
    try {
      return await open({ ...settings, anonymous: false, account: kept.jid, visitor: true }, true);
    } catch (error) {
      if (!(error instanceof LoginError) || error.retryable) throw error;
      console.info(`[chatlet] the visitor identity ${kept.jid} is gone; starting anew:`, error);
      forgetGuest(domain);
    }
  }
  if (days <= 0) return open(settings, true);
  const guest = newGuest();
  return open(
    { ...settings, anonymous: false, account: `${guest.username}@${domain}`, visitor: true, guest },
    true,
  );
}

/**
 * Creates the session and logs in. With `retry` (nobody waits at a login form), the cached UI
 * stays and network failures are retried with backoff.
 */
async function open(settings: Settings, retry: boolean): Promise<Session> {
  const session = await createSession(settings);
  // The socket opens while the cache is read; the elements show the session once it is filled.
  const hydrated = session.hydrate();
  const started = session.start(retry);
  try {
    await hydrated;
    if (!defaultSession.value) defaultSession.value = session;
    await started;
  } catch (error) {
    started.catch(() => undefined);
    if (defaultSession.value === session) defaultSession.value = null;
    await session.disconnect();
    throw error;
  }
  return session;
}

/**
 * The account to log in to with a `credentials` callback and no `jid`: the one that last
 * logged in on this browser (its saved token or keys may do, and the callback is asked only
 * if not), else whoever the callback says.
 */
async function whoIsIt(options: ConnectOptions): Promise<ConnectOptions> {
  if (options.jid || options.anonymous || !options.credentials) return options;
  const remembered = lastAccount();
  if (remembered) return { ...options, jid: remembered };
  const answer = await askCredentials(options.credentials);
  return { ...options, jid: answer.jid, password: answer.password };
}

/** Calls the page's `credentials` callback; rejects with a message that says what is wrong. */
async function askCredentials(
  credentials: NonNullable<ConnectOptions['credentials']>,
): Promise<{ jid: string; password: string }> {
  let answer: { jid?: unknown; password?: unknown } | undefined;
  try {
    answer = await credentials();
  } catch (error) {
    throw new LoginError(`Could not get credentials from the site: ${String(error)}`, true);
  }
  if (typeof answer?.jid !== 'string' || typeof answer.password !== 'string') {
    throw new LoginError(
      'The credentials callback must resolve with { jid, password } (both strings).',
      false,
    );
  }
  return { jid: answer.jid, password: answer.password };
}

interface Settings extends ConnectOptions {
  domain: string;
  /** Bare JID, or `null` for anonymous logins until the server assigns one. */
  account: string | null;
  /** A support visitor's identity (a guest account), not a person's own account. */
  visitor?: boolean;
  /** A guest account to register before the first login. */
  guest?: { username: string; password: string };
}

/** Validates connect() options; throws an Error that says how to fix them. */
export function checkOptions(options: ConnectOptions): Settings {
  if (!options || typeof options.service !== 'string' || !/^wss?:\/\//.test(options.service)) {
    throw new Error(
      `Chatlet: "service" must be a WebSocket URL such as wss://chat.example.com/xmpp-websocket (got ${JSON.stringify(options?.service)}).`,
    );
  }
  if (options.anonymous) {
    const domain = options.domain;
    if (!domain) throw new Error('Chatlet: anonymous logins need "domain", the anonymous host.');
    return { ...options, domain, account: null };
  }
  if (!options.jid) {
    throw new Error(
      'Chatlet: give "jid" and "password" (or a "credentials" callback), or set "anonymous: true".',
    );
  }
  const jid = options.jid.includes('@') ? options.jid : `${options.jid}@${options.domain ?? ''}`;
  if (!isValidJid(jid)) {
    throw new Error(`Chatlet: "${options.jid}" is not a valid JID; write it as name@example.com.`);
  }
  const account = bareJid(jid);
  return { ...options, domain: options.domain ?? account.split('@')[1]!, account };
}

interface InternalSession extends Session {
  /** Fills the store from the cache; the login waits for it (it reads the saved secrets). */
  hydrate(): Promise<unknown>;
  /** Logs in; with `retry`, network failures are retried with backoff until it works or ends. */
  start(retry: boolean): Promise<void>;
}

/** First and longest wait between login attempts when the server cannot be reached, in ms. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

async function createSession(settings: Settings): Promise<InternalSession> {
  const state = store.createStore();
  state.account.value = settings.account;
  if (settings.visitor) state.visitor.value = 'kept';
  else if (settings.anonymous) state.visitor.value = 'not-kept';
  const cached = settings.account !== null && settings.cache !== false;
  /** Opened right after the socket starts opening (both take a while; neither needs the other). */
  let cache: Cache | null = null;

  // One connection per account for all of this browser's tabs (src/tabs/), where it can be:
  // the session left behind is then read by whichever tab takes the connection, when it does.
  const shared = cached && !settings.visitor && tabsSupported();
  // That sharing is code of its own (a chunk in the loader's build), fetched only by the
  // sessions that use it: never by a support visitor's.
  const tabsCode = shared ? await loadTabs() : null;
  // The rooms' code likewise, by the sessions in a room; at once when the last page of this tab
  // was in one, as the resumed session brings the room's messages before anyone asks for it.
  let roomCode =
    typeof sessionStorage !== 'undefined' && anyKeptRoom(() => sessionStorage)
      ? await loadRoomCode()
      : null;
  // Paint from the cache before any network: the last page's session too, if it left one.
  let continuity: Continuity | null =
    settings.account && settings.cache !== false && !shared && typeof sessionStorage !== 'undefined'
      ? createContinuity(settings.account, () => sessionStorage)
      : null;
  // Resumed whatever the login uses: a page that passes the password every time resumes too.
  let saved = continuity?.load() ?? null;
  let token: FastToken | undefined;
  // The socket opens while the cache is read: the login waits for the secrets it holds.
  let hydrate!: () => Promise<{ token?: FastToken; scramKeys?: ScramKeys }>;
  const secrets = new Promise<{ token?: FastToken; scramKeys?: ScramKeys }>((resolve, reject) => {
    hydrate = () => {
      const done = loadCache();
      done.then(resolve, reject);
      return done;
    };
  });
  async function loadCache() {
    let scramKeys: ScramKeys | undefined;
    if (cache) {
      const [contacts, summaries, presence, keys, fastToken] = await Promise.all([
        cache.loadContacts(),
        cache.loadSummaries(),
        cache.getMeta<{ show: 'online'; status?: string }>('ownPresence'),
        cache.getMeta<ScramKeys>('scramKeys'),
        cache.getMeta<FastToken>('fastToken'),
      ]);
      store.setRoster(state, contacts);
      store.setSummaries(state, summaries);
      if (presence) state.ownPresence.value = presence;
      scramKeys = keys ?? undefined;
      token = fastToken ?? undefined;
    }
    if (saved) store.restorePresences(state, saved.presences);
    // What a closed page left unsent is shown (queued) at once, and sent once the server is
    // back; what it had already written to the session being resumed is on its way.
    await outbox.restore(connection.restored);
    // What `npm run bench` reads: the store holds what the cache had, ready to paint.
    performance.mark('chatlet:cached');
    return { token, scramKeys };
  }

  const saveToken = (next: FastToken | null) => {
    token = next ?? undefined;
    if (!cache) return;
    cache.setMeta('fastToken', next);
    // A rotated token must be on disk before the next page needs it.
    void cache.flush();
  };
  const options: ConnectionOptions = {
    service: settings.service,
    domain: settings.domain,
    username: settings.account?.split('@')[0],
    password: settings.password,
    anonymous: settings.anonymous,
    resource: settings.resource,
    secrets,
    onToken: cached ? saveToken : undefined,
    deviceId: deviceId(),
    fetchPassword: settings.credentials
      ? async () => {
          const answer = await askCredentials(settings.credentials!);
          if (bareJid(answer.jid) !== settings.account) {
            throw new LoginError(
              `The site signed in ${answer.jid}, but this browser was logged in as ${settings.account}: log out first.`,
              false,
            );
          }
          return answer.password;
        }
      : undefined,
    guest: settings.guest,
    onGuest(registered) {
      if (registered) return;
      console.info(
        '[chatlet] no guest accounts on this server: this conversation ends with the page.',
      );
      state.visitor.value = 'not-kept';
    },
  };
  const tabs = tabsCode
    ? tabsCode.createTabConnection({
        account: settings.account!,
        open: (left) => takeOver(left),
        // What the leader tells is heard once the session is built and its cache read.
        ready: secrets,
      })
    : null;
  const connection: Connection = tabs ?? createConnection({ ...options, resume: saved?.sm });
  if (tabs) continuity = tabs.continuity;
  // The password is handed to the connection once and not kept here.
  settings.password = undefined;
  if (!tabs) options.password = undefined;
  // The socket opens now; the login waits until the cache has been read (`secrets`).
  const firstStart = connection.start();
  firstStart.catch(() => undefined);
  if (cached) cache = await openCache(settings.account!);

  /**
   * This tab takes the account's connection: the first time, or when the tab that held it
   * went. It goes on with the session left behind, if there is one.
   */
  async function takeOver(left: SavedSession | null): Promise<Connection> {
    saved = left;
    if (saved) store.restorePresences(state, saved.presences);
    const own = createConnection({
      ...options,
      // Once the session is built and its cache read: the outbox then knows what the resumed
      // session re-sends, and the token is the latest (another tab may have had a new one).
      secrets: secrets.then(async () => {
        resumedOnce = false;
        await outbox.restore(own.restored);
        if (!cache) return {};
        const [latest, scramKeys] = await Promise.all([
          cache.getMeta<FastToken>('fastToken'),
          cache.getMeta<ScramKeys>('scramKeys'),
        ]);
        token = latest ?? undefined;
        return { token, scramKeys: scramKeys ?? undefined };
      }),
      resume: saved?.sm,
    });
    options.password = undefined;
    return own;
  }

  // The resumable state follows every stanza: at once when one went out or was acknowledged,
  // soon after one came in (a count a little behind only means the server sends it again).
  let frozen = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveSm = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!frozen) continuity?.save(connection.smState());
  };
  connection.onSmChange((urgent) => {
    if (urgent) saveSm();
    else saveTimer ??= setTimeout(saveSm, 50);
  });
  // Leaving the page: the last word on the session, then nothing more (what still arrives
  // is not counted, so the server sends it again to the next page). Never a clean close.
  const onPageHide = () => {
    saveSm();
    for (const room of rooms.values()) room.keep(connection.smState()?.id);
    continuity?.savePresences(store.presenceSnapshot(state));
    frozen = true;
    void cache?.flush();
  };
  const onPageShow = () => {
    frozen = false;
  };
  const flushCache = () => void cache?.flush();
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    document.addEventListener('visibilitychange', flushCache);
  }

  const own = () => state.account.value ?? '';
  const incoming = createIncoming({
    store: state,
    cache,
    send: (stanza) => connection.send(stanza),
    policy: settings.subscriptions ?? 'ask',
    own,
    archiveOf: (queryId) => history.archiveOf(queryId),
    onArchived: (queryId, result) => history.collect(queryId, result),
    onArchiveId: (archiveId) => history.seen(archiveId),
  });
  const history = createHistory({
    store: state,
    cache,
    connection,
    show: incoming.show,
    acknowledge: incoming.acknowledge,
    own,
    joined: (room) => rooms.get(room)?.api.state.value === 'joined',
  });
  const rooms = new Map<string, SessionRoom>();
  /** The rooms asked for while their code loads, as `joinRoom` returned them. */
  const roomsLoading = new Map<string, { api: Room; created: Promise<SessionRoom> }>();
  /** How this page's session began: its rooms join afresh, or go on as the last page left them. */
  let began: 'fresh' | 'resumed' | null = null;
  const outbox = createOutbox({
    store: state,
    cache,
    connection,
    saveSummary: incoming.saveSummary,
  });

  connection.onStatus((status, reason) => {
    if (status === 'online') performance.mark('chatlet:online');
    store.setStatus(state, status, reason ?? null);
    if (status !== 'online') outbox.setOpen(false);
    // While reconnecting the session may resume, and with it everyone's presence.
    if (status === 'offline' || status === 'error') store.clearPresences(state);
  });
  store.setStatus(state, 'connecting', null);
  let resumedOnce = false;
  /** The first steps of this session (fresh, or resumed from the last page) and how they went. */
  let start: { steps: () => Promise<void>; state: 'running' | 'failed' | 'done' } | null = null;
  connection.onResume(() => {
    if (!resumedOnce && saved) {
      // The first resume on this page continues the last page's session: the server kept it,
      // but the last page may have counted stanzas it never stored. Catch up, then send.
      resumedOnce = true;
      began = 'resumed';
      const sm = connection.smState()?.id;
      // The rooms the last page was in: their messages may already be on the way.
      try {
        if (sm && roomCode) {
          for (const kept of roomCode.keptRooms(sessionStorage, sm)) addRoom(kept.room, kept.nick);
        }
      } catch {
        // No storage: rooms are joined again when asked for.
      }
      for (const room of rooms.values()) room.resumed(sm);
      runStart(resumeSession, 'catch up the resumed session');
      return;
    }
    began ??= 'resumed';
    for (const room of rooms.values()) room.joinIfIdle();
    // The link went while the session's first steps ran, and they failed with it: the session
    // lives on, so run them again (roster, presence, catch-up), and they open the outbox.
    if (start?.state === 'failed') {
      runStart(start.steps, 'start the session');
      return;
    }
    // Resumed (XEP-0198): the server kept everything for us; what was typed meanwhile goes out.
    outbox.setOpen(true);
  });
  // A room claims what comes from it; everything else is the account's.
  connection.onStanza((stanza) => {
    for (const room of rooms.values()) if (room.stanza(stanza)) return;
    incoming.stanza(stanza);
  });
  connection.handleIq('set', NS_ROSTER, 'query', incoming.rosterPush);
  if (tabs && tabsCode) {
    tabsCode.syncTabs(tabs, state, { saveSummary: incoming.saveSummary });
    // Another tab holds the connection: catch up with its session (it sent the presence).
    tabs.onFollow((fresh) => {
      resumedOnce = true;
      options.password = undefined;
      if (fresh) {
        history.reset();
        store.clearPresences(state);
      }
      runStart(resumeSession, 'catch up with the other tab');
    });
    tabs.onLogout(() => void end(false));
    // A tab that went may have left messages unsent: the one holding the connection sends them.
    tabs.onTabGone(() => void outbox.restore().then(() => outbox.flush()));
  }

  // Every fresh session (first login and each reconnect that could not resume).
  connection.onSession((fullJid) => {
    resumedOnce = true;
    history.reset();
    // The server forgot the rooms too: join them before anything queued for them goes out.
    began = 'fresh';
    for (const room of rooms.values()) room.join();
    // A fresh session: the server sends everyone's presence again.
    store.clearPresences(state);
    state.account.value = bareJid(fullJid);
    // SCRAM keys are kept only where the server has no FAST: a token is the better secret
    // (the server can end it), and a refused token then means asking the person again.
    if (cache && token) cache.setMeta('scramKeys', null);
    else if (cache && connection.scramKeys) cache.setMeta('scramKeys', connection.scramKeys);
    if (settings.visitor && state.visitor.value === 'kept') {
      // Kept for another `visitorDays` from this visit.
      saveGuest(settings.domain, bareJid(fullJid), settings.visitorDays ?? GUEST_DAYS);
    } else if (settings.account && !settings.visitor) rememberAccount(settings.account);
    runStart(startSession, 'start the session');
  });

  /** The roster, fetched only if it changed since the cached version (RFC 6121 §2.6). */
  async function fetchRoster(carbons: boolean) {
    const version = cache ? await cache.getMeta<string>('rosterVersion') : undefined;
    const [result] = await Promise.all([
      connection.request(buildRosterGet(version ?? '')),
      // XEP-0280: this page sees what the account's other devices send and receive.
      carbons &&
        connection
          .request(buildEnableCarbons())
          .catch((error) => console.info('[chatlet] the server has no message carbons:', error)),
    ]);
    incoming.rosterResult(result);
    // The roster is what the next page paints first: store it now, not with the next batch.
    void cache?.flush();
  }

  /** Runs a session's first steps; if they fail, the next resume runs them again. */
  function runStart(steps: () => Promise<void>, what: string): void {
    const run: NonNullable<typeof start> = { steps, state: 'running' };
    start = run;
    steps().then(
      () => {
        run.state = 'done';
      },
      (error: unknown) => {
        run.state = 'failed';
        console.error(`[chatlet] could not ${what}:`, error);
      },
    );
  }

  async function startSession() {
    await fetchRoster(true);
    const { show, status } = state.ownPresence.value;
    await connection.send(buildPresence({ show, status }));
    await catchUp();
  }

  /** After the last page's session was resumed: no presence (the server kept it), no carbons. */
  async function resumeSession() {
    await fetchRoster(false);
    await catchUp();
  }

  /**
   * Everything archived since the last visit, then the outbox: the archive says which of the
   * queued messages did arrive before the link went, so none is sent twice.
   */
  async function catchUp() {
    const complete = await history.catchUp();
    outbox.settle(complete);
    outbox.setOpen(true);
  }

  /** Tells the peer its newest message has been seen (XEP-0333), if it asked to be told. */
  function sendDisplayed(peer: string) {
    const messages = store.conversationOf(state, peer).messages.value;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.direction !== 'in') continue;
      if (m.markable && m.remoteId && state.status.value === 'online') {
        void connection
          .send(buildAcknowledgement({ to: peer, id: m.remoteId, kind: 'displayed' }))
          .catch(() => undefined);
      }
      return;
    }
  }

  /** Creates a room of this session (its code is loaded); it joins when told. */
  function addRoom(room: string, nick: string): SessionRoom {
    const created = roomCode!.createRoom({
      room,
      nick,
      store: state,
      cache,
      send: (stanza) => connection.send(stanza),
      request: (iq) => connection.request(iq),
      show: incoming.show,
      // The pages of the room's archive that scrolling back asks for come through the room.
      archiveOf: (queryId) => history.archiveOf(queryId),
      onArchived: (queryId, message) => history.collect(queryId, message ? { message } : {}),
      storage: () => sessionStorage,
    });
    rooms.set(room, created);
    state.rooms.value = new Set(rooms.keys());
    return created;
  }

  const conversations = new Map<string, Conversation>();
  const loaded = new Set<string>();

  function conversation(jid: string): Conversation {
    const peer = bareJid(jid);
    const existing = conversations.get(peer);
    if (existing) return existing;
    const data = store.conversationOf(state, peer);
    if (!loaded.has(peer)) {
      loaded.add(peer);
      void history.loadNewest(peer);
    }
    const api: Conversation = {
      peer,
      messages: data.messages,
      unread: data.unread,
      complete: data.complete,
      olderError: data.olderError,
      async send(body) {
        const text = body.replace(/\s+$/, '');
        if (!text.trim()) throw new Error('Cannot send an empty message.');
        // A room whose code is on its way: it asks to join first, then this goes out.
        await roomsLoading.get(peer)?.created;
        const id = crypto.randomUUID();
        const message: Message = {
          id,
          peer,
          direction: 'out',
          body: text,
          type: rooms.has(peer) ? 'groupchat' : 'chat',
          time: Date.now(),
          state: 'pending',
          originId: id,
        };
        await outbox.queue(message);
        return store.findMessage(state, peer, [id]) ?? message;
      },
      async retry(id) {
        const message = data.messages.value.find((m) => m.id === id);
        if (message?.direction !== 'out' || message.state !== 'failed') return;
        await outbox.retry(message);
      },
      markRead() {
        if (data.unread.value === 0) return;
        store.markRead(state, peer);
        incoming.saveSummary(peer);
        sendDisplayed(peer);
      },
      loadOlder: () => history.loadOlder(peer),
    };
    conversations.set(peer, api);
    return api;
  }

  const contacts = computed(() =>
    [...state.contacts.value.values()].sort((a, b) =>
      store.displayName(a).localeCompare(store.displayName(b)),
    ),
  );

  async function rosterSet(jid: string, changes: ContactChanges) {
    const current = state.contacts.value.get(jid);
    await connection.request(
      buildRosterSet({
        jid,
        name: changes.name ?? current?.name,
        groups: changes.groups ?? current?.groups ?? [],
      }),
    );
  }

  let ended = false;
  async function end(wipe: boolean) {
    if (ended) return;
    ended = true;
    clearTimeout(saveTimer);
    // Logging out here logs out every tab of the account.
    if (wipe) tabs?.logout();
    // A clean close ends the session on the server: there is nothing left to resume.
    await connection.stop();
    continuity?.clear();
    if (defaultSession.value === session) defaultSession.value = null;
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      document.removeEventListener('visibilitychange', flushCache);
    }
    if (wipe) {
      if (settings.visitor) forgetGuest(settings.domain);
      else forgetAccount();
      const last = cache ? await cache.getMeta<FastToken>('fastToken') : undefined;
      if (last) await invalidateToken(last);
      await cache?.wipe();
    } else {
      await cache?.flush();
      cache?.close();
    }
  }

  /** XEP-0484 §4.3: logging out ends the token on the server too, not only here. */
  async function invalidateToken(last: FastToken) {
    const once: Connection = createConnection({
      service: settings.service,
      domain: settings.domain,
      username: settings.account?.split('@')[0],
      token: last,
      deviceId: deviceId(),
      invalidateToken: true,
    });
    try {
      await once.start();
    } catch (error) {
      console.info('[chatlet] could not end the sign-in token on the server:', error);
    } finally {
      await once.stop();
    }
  }

  const session: InternalSession = {
    hydrate,
    store: state,
    status: state.status,
    error: state.error,
    jid: state.account,
    contacts,
    requests: state.requests,
    unreadTotal: state.unreadTotal,
    historyGap: state.historyGap,
    visitor: state.visitor,
    ownPresence: state.ownPresence,
    presenceOf: (jid) => store.presenceOf(state, bareJid(jid)),
    conversation,
    joinRoom(jid, { nick } = {}) {
      const room = checkJid(jid).toLowerCase();
      const asked = roomsLoading.get(room)?.api ?? rooms.get(room)?.api;
      if (asked) return asked;
      const enter = () => {
        const created = addRoom(
          room,
          nick?.trim() || roomCode!.visitorNick(state.account.value ?? room),
        );
        if (began === 'fresh' && state.status.value === 'online') created.join();
        else if (began === 'resumed') created.resumed(connection.smState()?.id);
        return created;
      };
      if (roomCode) return enter().api;
      // Its conversation is a groupchat from now on, while the code comes.
      state.rooms.value = new Set([...state.rooms.value, room]);
      const created = loadRoomCode().then((code) => {
        roomCode ??= code;
        return enter();
      });
      const api = roomStandIn(room, created);
      roomsLoading.set(room, { api, created });
      return api;
    },
    async start(retry) {
      let attempt: Promise<string> | undefined = firstStart;
      for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
        try {
          await (attempt ?? connection.start());
          return;
        } catch (error) {
          attempt = undefined;
          if (!retry || ended || !(error instanceof LoginError) || !error.retryable) {
            if (retry && error instanceof LoginError && !error.retryable && !settings.anonymous) {
              // Saved credentials that stopped working: say why, and what to do.
              const why = /log in again/i.test(error.message)
                ? error.message
                : `Your saved sign-in no longer works (${error.message}). Please log in again.`;
              throw new Error(why, { cause: error });
            }
            throw error;
          }
          // Full jitter, so many pages do not all come back at the same moment.
          await new Promise((resolve) =>
            setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)),
          );
          if (ended) throw error;
        }
      }
    },
    async setPresence(show, status) {
      const presence = status ? { show, status } : { show };
      state.ownPresence.value = presence;
      cache?.setMeta('ownPresence', presence);
      if (state.status.value === 'online') await connection.send(buildPresence(presence));
    },
    async addContact(jid, changes = {}, options = {}) {
      const peer = checkJid(jid);
      await rosterSet(peer, changes);
      // Ask to see their presence, and pre-approve theirs (RFC 6121 §3.4).
      await connection.send(buildSubscription('subscribe', peer, options.nick));
      await connection.send(buildSubscription('subscribed', peer));
    },
    updateContact: (jid, changes) => rosterSet(checkJid(jid), changes),
    async removeContact(jid) {
      await connection.request(buildRosterRemove(checkJid(jid)));
    },
    async answerRequest(jid, accept) {
      await incoming.answer(checkJid(jid), accept);
    },
    async retryHistory() {
      if (state.status.value === 'online') await history.catchUp();
    },
    disconnect: () => end(false),
    logout: () => end(true),
  };
  return session;
}

function checkJid(jid: string): string {
  if (!isValidJid(jid) || resourceOf(jid)) {
    throw new Error(`"${jid}" is not a valid address; write it as name@example.com.`);
  }
  return bareJid(jid);
}

function rememberAccount(account: string) {
  try {
    localStorage.setItem(LAST_ACCOUNT_KEY, account);
  } catch {
    // Storage blocked: the next page asks for the password again.
  }
}

function forgetAccount() {
  try {
    localStorage.removeItem(LAST_ACCOUNT_KEY);
  } catch {
    // nothing stored
  }
}
