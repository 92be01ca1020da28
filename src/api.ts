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
