// The glue: connect() builds a Session — hydrate from cache → connect →
// roster and carbons → presence → catch up history → send the outbox — and
// turns user intents into stanzas.
import { computed } from '@preact/signals-core';
import type { ConnectOptions, ContactChanges, Conversation, Session } from './api.js';
import { type Cache, openCache } from './cache/cache.js';
import { defaultSession, LAST_ACCOUNT_KEY } from './default-session.js';
import { createHistory } from './history.js';
import { createIncoming } from './incoming.js';
import { createOutbox } from './outbox.js';
import * as store from './store/store.js';
import type { Message } from './store/types.js';
import { createConnection, LoginError, type ScramKeys } from './xmpp/connection.js';
import { bareJid, isValidJid, resourceOf } from './xmpp/jid.js';
import { buildEnableCarbons } from './xmpp/carbons.js';
import { buildAcknowledgement } from './xmpp/message.js';
import { buildPresence, buildSubscription } from './xmpp/presence.js';
import { buildRosterGet, buildRosterRemove, buildRosterSet, NS_ROSTER } from './xmpp/roster.js';

/**
 * Logs in and returns the session. The store is filled from the cache before
 * the network is touched; the promise resolves once the session is online and
 * rejects with a readable message when the login fails. Without a password, a
 * login uses the SCRAM keys cached by an earlier login of the same account.
 */
export async function connect(options: ConnectOptions): Promise<Session> {
  const settings = checkOptions(options);
  // Without a password (cached keys, anonymous) nobody is waiting at a login form: keep the
  // cached UI and try again while the server cannot be reached.
  const retry = settings.password === undefined;
  const session = await createSession(settings);
  if (!defaultSession.value) defaultSession.value = session;
  try {
    await session.start(retry);
  } catch (error) {
    if (defaultSession.value === session) defaultSession.value = null;
    await session.disconnect();
    throw error;
  }
  return session;
}

interface Settings extends ConnectOptions {
  domain: string;
  /** Bare JID, or `null` for anonymous logins until the server assigns one. */
  account: string | null;
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
    throw new Error('Chatlet: give "jid" and "password", or set "anonymous: true".');
  }
  const jid = options.jid.includes('@') ? options.jid : `${options.jid}@${options.domain ?? ''}`;
  if (!isValidJid(jid)) {
    throw new Error(`Chatlet: "${options.jid}" is not a valid JID; write it as name@example.com.`);
  }
  const account = bareJid(jid);
  return { ...options, domain: options.domain ?? account.split('@')[1]!, account };
}

interface InternalSession extends Session {
  /** Logs in; with `retry`, network failures are retried with backoff until it works or ends. */
  start(retry: boolean): Promise<void>;
}

/** First and longest wait between login attempts when the server cannot be reached, in ms. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

async function createSession(settings: Settings): Promise<InternalSession> {
  const state = store.createStore();
  state.account.value = settings.account;
  const cache: Cache | null =
    settings.account && settings.cache !== false ? await openCache(settings.account) : null;

  // Paint from the cache before any network.
  let scramKeys: ScramKeys | undefined;
  if (cache) {
    const [contacts, summaries, presence, keys] = await Promise.all([
      cache.loadContacts(),
      cache.loadSummaries(),
      cache.getMeta<{ show: 'online'; status?: string }>('ownPresence'),
      cache.getMeta<ScramKeys>('scramKeys'),
    ]);
    store.setRoster(state, contacts);
    store.setSummaries(state, summaries);
    if (presence) state.ownPresence.value = presence;
    scramKeys = keys;
  }

  // Write-behind must not lose the last batch when the user navigates away.
  const flushCache = () => void cache?.flush();
  if (cache && typeof window !== 'undefined') {
    window.addEventListener('pagehide', flushCache);
    document.addEventListener('visibilitychange', flushCache);
  }

  const connection = createConnection({
    service: settings.service,
    domain: settings.domain,
    username: settings.account?.split('@')[0],
    password: settings.password,
    anonymous: settings.anonymous,
    resource: settings.resource,
    scramKeys,
  });
  // The password is handed to the connection once and not kept here.
  settings.password = undefined;

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
  });
  const outbox = createOutbox({
    store: state,
    cache,
    connection,
    saveSummary: incoming.saveSummary,
  });
  // What a closed page left unsent is shown (queued) at once, and sent once the server is back.
  await outbox.restore();

  connection.onStatus((status, reason) => {
    store.setStatus(state, status, reason ?? null);
    if (status !== 'online') {
      store.clearPresences(state);
      outbox.setOpen(false);
    }
  });
  // Resumed (XEP-0198): the server kept everything for us; what was typed meanwhile goes out.
  connection.onResume(() => outbox.setOpen(true));
  connection.onStanza(incoming.stanza);
  connection.handleIq('set', NS_ROSTER, 'query', incoming.rosterPush);

  // Every fresh session (first login and each reconnect that could not resume).
  connection.onSession((fullJid) => {
    history.reset();
    state.account.value = bareJid(fullJid);
    if (cache && connection.scramKeys) cache.setMeta('scramKeys', connection.scramKeys);
    if (settings.account) rememberAccount(settings.account);
    void startSession().catch((error) =>
      console.error('[chatlet] could not start the session:', error),
    );
  });

  async function startSession() {
    const version = cache ? await cache.getMeta<string>('rosterVersion') : undefined;
    const [result] = await Promise.all([
      connection.request(buildRosterGet(version ?? '')),
      // XEP-0280: this page sees what the account's other devices send and receive.
      connection
        .request(buildEnableCarbons())
        .catch((error) => console.info('[chatlet] the server has no message carbons:', error)),
    ]);
    incoming.rosterResult(result);
    // The roster is what the next page paints first: store it now, not with the next batch.
    void cache?.flush();
    const { show, status } = state.ownPresence.value;
    await connection.send(buildPresence({ show, status }));
    // Everything archived since the last visit, then the outbox: the archive says which of
    // the queued messages did arrive before the link went, so none is sent twice.
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
        const id = crypto.randomUUID();
        const message: Message = {
          id,
          peer,
          direction: 'out',
          body: text,
          type: 'chat',
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
    await connection.stop();
    if (defaultSession.value === session) defaultSession.value = null;
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', flushCache);
      document.removeEventListener('visibilitychange', flushCache);
    }
    if (wipe) {
      forgetAccount();
      await cache?.wipe();
    } else {
      await cache?.flush();
      cache?.close();
    }
  }

  const session: InternalSession = {
    store: state,
    status: state.status,
    error: state.error,
    jid: state.account,
    contacts,
    requests: state.requests,
    unreadTotal: state.unreadTotal,
    historyGap: state.historyGap,
    ownPresence: state.ownPresence,
    presenceOf: (jid) => store.presenceOf(state, bareJid(jid)),
    conversation,
    async start(retry) {
      for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
        try {
          await connection.start();
          return;
        } catch (error) {
          if (!retry || ended || !(error instanceof LoginError) || !error.retryable) {
            if (retry && error instanceof LoginError && !error.retryable && !settings.anonymous) {
              throw new Error('Please log in again.', { cause: error });
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
