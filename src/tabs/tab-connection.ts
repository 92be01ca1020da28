// One XMPP connection per browser profile and account, shared by its tabs. The tab holding
// the account's Web Lock (leader.ts) owns the real connection and relays what it hears to
// the others over a BroadcastChannel (channel.ts, lead.ts); the others (followers) send and
// ask through it (follow.ts). When the leader's page goes, the next tab in line takes the
// connection over and resumes the same XEP-0198 session from what the leader left behind.
//
// To the session every tab looks the same: a `Connection`, whose handlers stay put while
// what is behind them changes from "another tab" to "this tab's own link" and back.
import { type Continuity, createContinuity, type SavedSession } from '../continuity.js';
import { type Connection, LoginError, type SmState } from '../xmpp/connection.js';
import { openChannel, type TabChannel } from './channel.js';
import { createCore, type TabRole } from './core.js';
import { createFollow } from './follow.js';
import { createLead } from './lead.js';
import { type Election, electLeader } from './leader.js';

export type { TabRole } from './core.js';
export { tabsSupported } from './leader.js';

/** What a tab connection needs. */
export interface TabConnectionOptions {
  /** The account's bare JID: it names the lock, the channel and the saved session. */
  account: string;
  /**
   * Builds this tab's own connection when it becomes the leader: resuming `saved`, the session
   * the last leader left behind, when there is one. Called again on every takeover.
   */
  open(saved: SavedSession | null): Promise<Connection>;
  /** Where the session left behind is kept. Default: localStorage (shared by the tabs). */
  storage?: () => Storage;
  /**
   * Resolves when this tab is ready to hear the leader (its handlers in place): until then a
   * follower does not say hello, nor heed what the leader tells. Default: at once.
   */
  ready?: Promise<unknown>;
}

/** A {@link Connection} shared by the tabs of one account. */
export interface TabConnection extends Connection {
  readonly role: TabRole;
  /** The channel the tabs talk on; the session mirrors its own state over it (sync.ts). */
  readonly channel: TabChannel;
  /**
   * Where the session keeps the resumable state: written only while this tab leads (what
   * another tab writes is not this tab's to overwrite or clear).
   */
  readonly continuity: Continuity;
  /**
   * This tab follows a session that another tab holds: it has just joined it (`fresh`
   * false), or that session started afresh (`fresh`: presences come again, history may have
   * a gap). Either way, catch up; never send presence (the leader did).
   */
  onFollow(handler: (fresh: boolean) => void): void;
  /** Tells every other tab that the person logged out. */
  logout(): void;
  /** Another tab logged out: end this tab's session too (the cache is that tab's to wipe). */
  onLogout(handler: () => void): void;
  /** While this tab leads: another tab went, maybe leaving unsent messages behind. */
  onTabGone(handler: () => void): void;
}

/**
 * The sessionStorage key saying this tab has a session of `account` going (leading or
 * following): the loader (src/loader/) carries it on at once on the tab's next page.
 */
const tabKey = (account: string) => `chatlet:tab:${account}`;

/** First and longest wait between attempts of a takeover that could not log in, in ms. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Creates the tab connection of `account`; nothing happens until `start()`. */
export function createTabConnection(options: TabConnectionOptions): TabConnection {
  const { account } = options;
  const channel = openChannel(`chatlet:${account}`);
  const saved = createContinuity(account, options.storage ?? (() => localStorage));
  const core = createCore(account, channel);
  const { handlers, me } = core;

  let election: Election | null = null;
  let closed = false;
  /** The state of this tab's connection when its page went: the session's last word. */
  let lastWord: SmState | null = null;
  let releasing: ReturnType<typeof setTimeout> | undefined;
  let waiters: { resolve(jid: string): void; reject(error: unknown): void }[] = [];
  const settleWaiters = (outcome: { jid: string } | { error: unknown }) => {
    const waiting = waiters;
    waiters = [];
    for (const waiter of waiting) {
      if ('jid' in outcome) waiter.resolve(outcome.jid);
      else waiter.reject(outcome.error);
    }
  };

  const lead = createLead(core, () => follow.drain());
  const follow = createFollow(core, lead, (jid) => settleWaiters({ jid }));
  const ready = (options.ready ?? Promise.resolve()).then(
    () => (core.listening = true),
    () => (core.listening = true),
  );

  channel.onMessage((message) => {
    if (closed) return;
    switch (message.type) {
      case 'bye':
        if (core.role !== 'leader') follow.hear(message);
        else if (!core.leaving) core.each(handlers.gone);
        break;
      case 'logout':
        core.each(handlers.logout);
        break;
      case 'hello':
      case 'send':
      case 'request':
        lead.answer(message);
        break;
      default:
        follow.hear(message);
    }
  });

  /** What the last leader left: its final word, or what it last stored, whichever is newer. */
  async function leftBehind(hadLeader: boolean): Promise<SavedSession | null> {
    // Its final word may still be on its way (or it went without one: a crash).
    const word = await follow.farewell(hadLeader);
    const stored = saved.load();
    if (!word) return stored;
    if (stored && stored.sm.saved > word.saved) return stored;
    return { sm: word, presences: stored?.presences ?? {} };
  }

  /** This tab holds the lock now: it takes the connection. */
  async function takeOver(won: Election) {
    if (won !== election || closed) return;
    const hadLeader = core.leaderId !== null && core.leaderId !== me;
    core.role = 'leader';
    core.leaderId = me;
    channel.post({ type: 'leader' });
    if (hadLeader) follow.leaderGone();
    let conn: Connection;
    try {
      conn = await options.open(await leftBehind(hadLeader));
    } catch (error) {
      console.error('[chatlet] could not take over the connection:', error);
      settleWaiters({ error });
      return;
    }
    if (won !== election || closed) return;
    core.real = conn;
    lead.attach(conn);
    await startOwn(conn);
  }

  /** Starts this tab's own connection; after a takeover nobody waits for it, so retry here. */
  async function startOwn(conn: Connection) {
    for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      try {
        settleWaiters({ jid: await conn.start() });
        return;
      } catch (error) {
        if (waiters.length) {
          // Someone awaits start(): the failure is theirs to handle (and to retry).
          settleWaiters({ error });
          return;
        }
        if (!(error instanceof LoginError) || !error.retryable) return; // the status says why
        await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
        if (core.real !== conn || closed) return;
      }
    }
  }

  function elect() {
    core.leaving = false;
    const current = electLeader(`chatlet:${account}`);
    election = current;
    void current.won.then(() => takeOver(current));
    void current.first.then(async (leading) => {
      if (current !== election || leading) return;
      if (core.role === 'none') core.role = 'follower';
      await ready;
      if (current === election && core.role === 'follower') channel.post({ type: 'hello' });
    });
  }

  /**
   * The page goes: this tab lets go of the session without ending it — the link dropped,
   * nothing more counted, relayed or acknowledged, the final state told to the next leader.
   * The lock goes a moment later (or with the page): the session's own pagehide, which may
   * run after this one, still stores that final state where the next leader reads it.
   */
  function letGo() {
    if (core.role === 'leader' && !core.leaving) {
      lastWord = core.real?.smState() ?? null;
      // Stored as well as told: the next leader waits only so long for the word (a loaded
      // machine can take longer to deliver it), then reads what is stored.
      if (lastWord) saved.save(lastWord);
      channel.post({ type: 'bye', sm: lastWord });
      core.real?.leave();
    } else if (core.role !== 'leader') channel.post({ type: 'bye' });
    core.leaving = true;
    releasing = setTimeout(release);
  }

  function release() {
    clearTimeout(releasing);
    releasing = undefined;
    core.real = null;
    lastWord = null;
    election?.release();
    election = null;
    core.role = 'none';
    core.leaderId = null;
    follow.reset();
  }

  const onPageHide = () => {
    if (!closed && election && releasing === undefined) letGo();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (releasing !== undefined) release();
    // Back from the back-forward cache: in line again, and caught up again.
    if (event.persisted && !closed && !election) {
      core.setStatus('reconnecting');
      elect();
    }
  };
  /** Says (in this tab's sessionStorage) whether this tab has a session going. */
  const mark = (going: boolean) => {
    try {
      if (going) sessionStorage.setItem(tabKey(account), '1');
      else sessionStorage.removeItem(tabKey(account));
    } catch {
      // Storage blocked: the loader waits for a click on the next page.
    }
  };
  const unlisten = () => {
    if (typeof window === 'undefined') return;
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  };

  const continuity: Continuity = {
    load: () => null, // read by whichever tab takes the connection, when it does (open())
    save(sm) {
      if (core.role === 'leader') saved.save(sm);
    },
    savePresences(snapshot) {
      if (core.role === 'leader') saved.savePresences(snapshot);
    },
    clear() {
      if (core.role === 'leader') saved.clear();
    },
  };

  return {
    get role() {
      return core.role;
    },
    channel,
    continuity,
    get jid() {
      return core.fullJid();
    },
    get scramKeys() {
      return core.role === 'leader' ? (core.real?.scramKeys ?? null) : null;
    },
    get tracksAcks() {
      return core.tracksAcks();
    },
    get restored() {
      return [];
    },
    async start() {
      if (closed) throw new Error('This connection was stopped.');
      if (core.role === 'leader' && core.real) return core.real.start();
      const started = new Promise<string>((resolve, reject) => waiters.push({ resolve, reject }));
      if (core.role === 'follower' && follow.joined) settleWaiters({ jid: core.link.jid ?? '' });
      if (!election) {
        if (core.status === 'offline') core.setStatus('connecting');
        mark(true);
        if (typeof window !== 'undefined') {
          window.addEventListener('pagehide', onPageHide);
          window.addEventListener('pageshow', onPageShow);
        }
        elect();
      }
      return started;
    },
    async stop() {
      if (closed) return;
      closed = true;
      unlisten();
      mark(false);
      const stopped = new Error('Disconnected.');
      follow.stop(stopped);
      settleWaiters({ error: stopped });
      const conn = core.real;
      if (core.role === 'leader' && conn) {
        // A clean close ends the session on the server: the next leader starts a new one.
        core.leaving = true;
        channel.post({ type: 'bye', sm: null });
        await conn.stop();
        saved.clear();
      }
      core.real = null;
      election?.release();
      election = null;
      channel.close();
      core.setStatus('offline');
    },
    leave() {
      if (closed) return;
      if (election) {
        if (releasing === undefined) letGo();
        release();
      }
      closed = true;
      unlisten();
      channel.close();
    },
    send(stanza) {
      return core.role === 'leader' ? lead.send(stanza, me) : follow.send(stanza);
    },
    request(iq, timeout) {
      return core.role === 'leader' && core.real
        ? lead.request(iq, timeout)
        : follow.request(iq, timeout);
    },
    handleIq(type, ns, name, handler) {
      const iq = { type, ns, name, handler };
      handlers.iq.push(iq);
      core.real?.handleIq(type, ns, name, lead.answering(iq));
    },
    smState: () =>
      core.role !== 'leader' ? null : core.leaving ? lastWord : (core.real?.smState() ?? null),
    onSmChange: (handler) => void handlers.sm.push(handler),
    onStanza: (handler) => void handlers.stanza.push(handler),
    onStatus: (handler) => void handlers.status.push(handler),
    onSession: (handler) => void handlers.session.push(handler),
    onResume: (handler) => void handlers.resume.push(handler),
    onAck: (handler) => void handlers.ack.push(handler),
    onUnacked: (handler) => void handlers.unacked.push(handler),
    onFollow: (handler) => void handlers.follow.push(handler),
    logout: () => channel.post({ type: 'logout' }),
    onLogout: (handler) => void handlers.logout.push(handler),
    onTabGone: (handler) => void handlers.gone.push(handler),
  };
}
