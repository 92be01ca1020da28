/** Whether the session's connection is usable, as shown to a person. */
export type Status = 'offline' | 'connecting' | 'online' | 'reconnecting' | 'error';

/** Availability, most available first; `online` is presence without `<show/>`. */
export type Show = 'chat' | 'online' | 'away' | 'xa' | 'dnd' | 'offline';

/** RFC 6121 subscription state of a roster item. */
export type Subscription = 'none' | 'to' | 'from' | 'both';

/** One roster entry. */
export interface Contact {
  /** Bare JID, normalised (lower-case local part and domain). */
  jid: string;
  /** The name the user gave the contact, if any. */
  name?: string;
  /** Roster groups; empty when ungrouped. */
  groups: string[];
  subscription: Subscription;
  /** `true` while our subscription request is pending. */
  pending?: boolean;
}

/** Presence of one connected resource. */
export interface ResourcePresence {
  show: Exclude<Show, 'offline'>;
  status?: string;
  priority: number;
}

/** Aggregated presence of a bare JID: the most available of its resources. */
export interface Presence {
  show: Show;
  status?: string;
  /** Connected resources by resource name. */
  resources: Record<string, ResourcePresence>;
}

/**
 * Delivery state of an outgoing message: `pending` (queued: stored, not yet
 * acknowledged by the server), `sent` (the server has it), `delivered` (the
 * recipient's device has it, XEP-0184), `read` (the recipient has seen it,
 * XEP-0333), or `failed` (refused; can be retried).
 */
export type DeliveryState = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * The `error` of an outgoing message that may or may not have reached the server: it was sent
 * just before the connection was lost, and the archive could not tell. Elements recognise it
 * and say it in their own language.
 */
export const MAYBE_NOT_SENT = 'Maybe not sent: the connection was lost. Retry to send it again.';

/** One message in a conversation. */
export interface Message {
  /** Stable id: the stanza id we sent, or the sender's id, or a generated one. */
  id: string;
  /** Bare JID of the other party of the conversation. */
  peer: string;
  direction: 'in' | 'out';
  /** Plain text; never interpreted as HTML. */
  body: string;
  /** Message type on the wire; `groupchat` in a room (XEP-0045), where `from` is room/nick. */
  type: 'chat' | 'normal' | 'headline' | 'groupchat';
  /**
   * Milliseconds since the epoch, and the order of the history: when this client
   * received or sent it, or when the own server archived it.
   */
  time: number;
  /** The sender's own time, when the message came late (XEP-0203 `<delay/>`): shown, never used to order. */
  stamp?: number;
  /** Full JID of the sender when known (incoming messages). */
  from?: string;
  /** Outgoing only. */
  state?: DeliveryState;
  /** Human-readable error text when the server or the peer bounced the message. */
  error?: string;
  /** The own server's archive id (trusted XEP-0359 stanza-id). */
  archiveId?: string;
  /** The sender's XEP-0359 origin-id; for outgoing messages the same as `id`. */
  originId?: string;
  /** The stanza's id attribute as the sender gave it: what receipts and markers refer to. */
  remoteId?: string;
  /** The sender asked to be told when it is displayed (XEP-0333). */
  markable?: boolean;
}

/** Summary of a conversation, kept for the contact list and the cache. */
export interface ConversationSummary {
  peer: string;
  unread: number;
  lastTime: number;
}

/** An incoming subscription request waiting for the user's answer. */
export interface SubscriptionRequest {
  jid: string;
  /** Nickname the requester offered (XEP-0172), if any. */
  nick?: string;
}
