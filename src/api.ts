// The public session API of the contract in DESIGN.md. Types only: components
// depend on this, session.ts implements it.
import type { ReadonlySignal } from '@preact/signals-core';
import type { Store } from './store/store.js';
import type {
  Contact,
  Message,
  Presence,
  Show,
  Status,
  SubscriptionRequest,
} from './store/types.js';

/** How to reach the server and who to log in as. */
export interface ConnectOptions {
  /** WebSocket URL (RFC 7395), e.g. `wss://chat.example.com/xmpp-websocket`. */
  service: string;
  /** The XMPP domain; taken from `jid` when omitted. */
  domain?: string;
  /** Bare JID or local part of the account. */
  jid?: string;
  /** Used once to log in; never stored. */
  password?: string;
  /**
   * Where a JID and password come from when there is nothing else to log in with — no saved
   * sign-in token (XEP-0484), none accepted, no SCRAM keys: typically your site's backend,
   * which knows who is signed in. Called at most once per login, the answer is not kept.
   */
  credentials?: () => Promise<{ jid: string; password: string }>;
  /** Log in anonymously (SASL ANONYMOUS) instead of with a JID and password. */
  anonymous?: boolean;
  /**
   * With `anonymous`: days a visitor keeps their identity and conversation on this browser
   * (a guest account, registered in-band). Default 30; `0` for a plain anonymous login.
   */
  visitorDays?: number;
  /** Resource to bind; the server picks one when omitted. */
  resource?: string;
  /** What to do with subscription requests from people not in the roster. Default `ask`. */
  subscriptions?: SubscriptionPolicy;
  /** Keep the IndexedDB cache (default `true`). */
  cache?: boolean;
}

/** How incoming subscription requests are answered: automatically, or by the user. */
export type SubscriptionPolicy = 'accept' | 'reject' | 'ask';

/** One conversation with a bare JID. */
export interface Conversation {
  readonly peer: string;
  /** Messages oldest first. */
  readonly messages: ReadonlySignal<readonly Message[]>;
  readonly unread: ReadonlySignal<number>;
  /** `true` once there is nothing older to load. */
  readonly complete: ReadonlySignal<boolean>;
  /** Why older messages could not be loaded (`loadOlder()` tries again), or `null`. */
  readonly olderError: ReadonlySignal<string | null>;
  /** Sends a text message; resolves with the message as shown. Rejects empty text. */
  send(body: string): Promise<Message>;
  /** Sends a failed message again. */
  retry(id: string): Promise<void>;
  /** Marks every message read. */
  markRead(): void;
  /** Loads the previous page of history; resolves when it is in `messages`. */
  loadOlder(): Promise<void>;
}

/** Someone in a room (XEP-0045), as the room shows them. */
export interface RoomOccupant {
  nick: string;
  /** `owner`, `admin` and `member` are the room's own people (a support room's agents). */
  affiliation: 'owner' | 'admin' | 'member' | 'outcast' | 'none';
  role: 'moderator' | 'participant' | 'visitor' | 'none';
}

/**
 * Why the session is not in a room: `members-only` (only members may enter), `banned`,
 * `kicked`, `no-room` (there is no such room, and visitors may not create it), `full`,
 * `password`, `closed` (the room or its service shut down) or `other`.
 */
export type RoomProblem =
  'members-only' | 'banned' | 'kicked' | 'no-room' | 'full' | 'password' | 'closed' | 'other';

/**
 * A room the session is in (XEP-0045 multi-user chat). Its messages are
 * `session.conversation(room.jid)`; sending there sends to everyone in the room.
 */
export interface Room {
  /** The room's bare JID. */
  readonly jid: string;
  /** The room's own name (XEP-0045 §6.4 disco#info), once it said one. */
  readonly name: ReadonlySignal<string | null>;
  /** `joining`, `joined`, `error` (see `problem`), or `idle` before joining and after leaving. */
  readonly state: ReadonlySignal<'idle' | 'joining' | 'joined' | 'error'>;
  readonly problem: ReadonlySignal<RoomProblem | null>;
  /** The own nick in the room once joined. */
  readonly nick: ReadonlySignal<string | null>;
  readonly occupants: ReadonlySignal<readonly RoomOccupant[]>;
  /** Whether someone other than us with affiliation owner, admin or member is in the room. */
  readonly staffPresent: ReadonlySignal<boolean>;
  /** Leaves the room. */
  leave(): Promise<void>;
}

/** Changes to a roster entry. */
export interface ContactChanges {
  name?: string;
  groups?: string[];
}

/** A logged-in (or logging-in) account: state as signals, intents as methods. */
export interface Session {
  /** The state behind the signals below, for elements that need more. */
  readonly store: Store;
  readonly status: ReadonlySignal<Status>;
  /** Why the last connection attempt or the connection failed, in words for people. */
  readonly error: ReadonlySignal<string | null>;
  /** Own bare JID once known. */
  readonly jid: ReadonlySignal<string | null>;
  /** Roster entries sorted by name. */
  readonly contacts: ReadonlySignal<readonly Contact[]>;
  /** Subscription requests waiting for the user (policy `ask`). */
  readonly requests: ReadonlySignal<readonly SubscriptionRequest[]>;
  /** Unread messages across all conversations. */
  readonly unreadTotal: ReadonlySignal<number>;
  /**
   * Why some history since the last visit could not be fetched from the server's archive
   * (`retryHistory()` tries again), or `null` when nothing is missing.
   */
  readonly historyGap: ReadonlySignal<string | null>;
  /**
   * For `anonymous` logins: `kept` while the visitor's identity (and conversation) is kept
   * across pages and visits, `not-kept` when the server allows no guest accounts and it ends
   * with the page; `null` for a person's own account.
   */
  readonly visitor: ReadonlySignal<'kept' | 'not-kept' | null>;
  /** Own presence as last set. */
  readonly ownPresence: ReadonlySignal<{ show: Exclude<Show, 'offline'>; status?: string }>;
  presenceOf(jid: string): ReadonlySignal<Presence>;
  conversation(jid: string): Conversation;
  /**
   * Joins a room (XEP-0045) as `nick` (default: a generated "Visitor 1234"), or returns the
   * room already joined. Joins again after every fresh session; a resumed session (this page
   * or the next) stays in the room without a leave and join.
   */
  joinRoom(jid: string, options?: { nick?: string }): Room;
  setPresence(show: Exclude<Show, 'offline'>, status?: string): Promise<void>;
  /** Adds a contact and asks to see their presence; `nick` (XEP-0172) goes with the request. */
  addContact(jid: string, changes?: ContactChanges, options?: { nick?: string }): Promise<void>;
  updateContact(jid: string, changes: ContactChanges): Promise<void>;
  removeContact(jid: string): Promise<void>;
  /** Answers a pending subscription request. */
  answerRequest(jid: string, accept: boolean): Promise<void>;
  /** Fetches the history that could not be fetched before (see `historyGap`). */
  retryHistory(): Promise<void>;
  /** Goes offline; keeps the cache. */
  disconnect(): Promise<void>;
  /** Ends the session and deletes this account's cache. */
  logout(): Promise<void>;
}
