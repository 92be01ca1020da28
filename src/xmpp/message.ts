// RFC 6121 §5 — messages (with XEP-0359 stanza ids, XEP-0203 delay, XEP-0333 markers, XEP-0184 receipts)
import type { Element } from '@xmpp/xml';
import { xml } from '@xmpp/xml';
import { parseStanzaError, type StanzaError } from './errors.js';
import { bareJid, isValidJid, normalizeJid } from './jid.js';
import { ok, type Parsed, reject } from './result.js';

/** The XEP-0203 delayed delivery namespace. */
export const NS_DELAY = 'urn:xmpp:delay';
/** The XEP-0359 unique and stable stanza ids namespace (origin-id). */
export const NS_SID = 'urn:xmpp:sid:0';
/** The XEP-0333 chat markers namespace. */
export const NS_CHAT_MARKERS = 'urn:xmpp:chat-markers:0';
/** The XEP-0184 message delivery receipts namespace. */
export const NS_RECEIPTS = 'urn:xmpp:receipts';

/** The message types of RFC 6121 §5.2.2. */
export type MessageType = 'chat' | 'normal' | 'headline' | 'groupchat' | 'error';

/** An incoming message, reduced to what a chat needs. */
export interface ParsedMessage {
  id?: string;
  /** The sender, normalised full JID; the own bare JID when the server sent it without 'from'. */
  from: string;
  /** The addressee, normalised, when a valid 'to' was given. */
  to?: string;
  type: MessageType;
  /** Plain text exactly as sent, after XML unescaping only; absent when missing or empty. */
  body?: string;
  thread?: string;
  /** The subject line (RFC 6121 §5.2.4), e.g. a room topic; '' when a room's subject was cleared. */
  subject?: string;
  /** When the message was first sent, in ms since the epoch, from a valid XEP-0203 `<delay/>`. */
  delay?: number;
  /** The sender's own id for the message (XEP-0359 `<origin-id/>`). */
  originId?: string;
  /** The id the own server's archive gave the message (XEP-0359 `<stanza-id by=own bare JID>`). */
  stanzaId?: string;
  /** The sender asks for a delivery receipt (XEP-0184 `<request/>`). */
  receiptRequested?: boolean;
  /** The sender asks for chat markers (XEP-0333 `<markable/>`). */
  markable?: boolean;
  /** This message is a delivery receipt for the message with this id (XEP-0184 `<received/>`). */
  receivedId?: string;
  /** This message says the message with this id was displayed (XEP-0333 `<displayed/>`). */
  displayedId?: string;
  /** The error a type='error' message carries ('undefined-condition' if it names none). */
  error?: StanzaError;
}

/** The longest body accepted, in characters; longer messages are refused. */
export const MAX_BODY_LENGTH = 65536;

const TYPES: ReadonlySet<string> = new Set(['chat', 'normal', 'headline', 'groupchat', 'error']);

// XEP-0082 DateTime: CCYY-MM-DDThh:mm:ss[.sss]TZD
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Reads an XEP-0082 DateTime as ms since the epoch; undefined when malformed
 * or out of range (so '2024-02-30T…' is refused rather than rolled over).
 */
export function parseDateTime(stamp: string): number | undefined {
  const m = DATETIME.exec(stamp);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offset = 0;
  if (m[8]) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offset;
}

/** The child without xml:lang, else the first; undefined when there is none. */
function preferred(stanza: Element, name: string): Element | undefined {
  const all = stanza.getChildren(name);
  return all.find((el) => el.attrs['xml:lang'] === undefined) ?? all[0];
}

function firstDelay(message: Element): number | undefined {
  for (const delay of message.getChildren('delay', NS_DELAY)) {
    const stamp = delay.attrs.stamp;
    const time = stamp === undefined ? undefined : parseDateTime(stamp);
    if (time !== undefined) return time;
  }
  return undefined;
}

/**
 * Parses an incoming message.
 *
 * A missing or unknown type is 'normal' (RFC 6121 §5.2.2). A message without
 * 'from' came from the user's own server on the account's behalf, so `from`
 * is `ownJid`'s bare JID. Refuses an invalid 'from' and a body longer than
 * {@link MAX_BODY_LENGTH}. Of several `<body/>` elements the one without
 * xml:lang is taken, else the first. The body is never HTML-decoded: '&lt;b&gt;'
 * in the XML is the literal text '<b>'.
 */
export function parseMessage(message: Element, ownJid: string): Parsed<ParsedMessage> {
  if (!message.is('message')) return reject(`expected a message, got <${message.getName()}>`);
  const rawFrom = message.attrs.from;
  if (rawFrom !== undefined && !isValidJid(rawFrom)) {
    return reject(`message from an invalid JID '${rawFrom}'`);
  }
  const rawType = message.attrs.type;
  const type: MessageType =
    rawType !== undefined && TYPES.has(rawType) ? (rawType as MessageType) : 'normal';
  const result: ParsedMessage = {
    from: rawFrom === undefined ? bareJid(ownJid) : normalizeJid(rawFrom),
    type,
  };

  const body = preferred(message, 'body')?.getText();
  if (body !== undefined && body.length > MAX_BODY_LENGTH) {
    return reject(`message body is ${body.length} characters, over the ${MAX_BODY_LENGTH} limit`);
  }
  if (body) result.body = body;

  const { id, to } = message.attrs;
  if (id) result.id = id;
  if (to !== undefined && isValidJid(to)) result.to = normalizeJid(to);
  const thread = message.getChildText('thread');
  if (thread) result.thread = thread;
  const subject = preferred(message, 'subject');
  if (subject) result.subject = subject.getText();
  const delay = firstDelay(message);
  if (delay !== undefined) result.delay = delay;
  const originId = message.getChild('origin-id', NS_SID)?.attrs.id;
  if (originId) result.originId = originId;
  // Only the own server's stanza-id is trusted: anyone can put one in a message they send.
  const own = normalizeJid(bareJid(ownJid));
  for (const sid of message.getChildren('stanza-id', NS_SID)) {
    const by = sid.attrs.by;
    if (sid.attrs.id && by !== undefined && isValidJid(by) && normalizeJid(by) === own) {
      result.stanzaId = sid.attrs.id;
      break;
    }
  }
  if (message.getChild('request', NS_RECEIPTS)) result.receiptRequested = true;
  if (message.getChild('markable', NS_CHAT_MARKERS)) result.markable = true;
  const receivedId = message.getChild('received', NS_RECEIPTS)?.attrs.id;
  if (receivedId) result.receivedId = receivedId;
  const displayedId = message.getChild('displayed', NS_CHAT_MARKERS)?.attrs.id;
  if (displayedId) result.displayedId = displayedId;
  if (type === 'error') {
    result.error = parseStanzaError(message) ?? { condition: 'undefined-condition' };
  }
  return ok(result);
}

/**
 * Builds an outgoing chat message: the body, an XEP-0359 origin-id equal to
 * `id`, and requests for chat markers (XEP-0333) and a delivery receipt
 * (XEP-0184). `type` defaults to 'chat'.
 */
export function buildChatMessage(options: {
  to: string;
  id: string;
  body: string;
  type?: 'chat' | 'normal';
}): Element {
  const { to, id, body, type = 'chat' } = options;
  return xml(
    'message',
    { type, to, id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS_SID, id }),
    xml('markable', { xmlns: NS_CHAT_MARKERS }),
    xml('request', { xmlns: NS_RECEIPTS }),
  );
}

/**
 * Builds a message to everyone in a room (XEP-0045 §7.4), with an XEP-0359 origin-id equal to
 * `id`: the room reflects it to the sender with the same id, which says it was taken.
 */
export function buildGroupchat(room: string, id: string, body: string): Element {
  return xml(
    'message',
    { to: room, type: 'groupchat', id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS_SID, id }),
  );
}

/**
 * Builds the answer to a message that asked for a delivery receipt (XEP-0184 §5)
 * or, with `displayed`, the chat marker saying the user has seen it (XEP-0333 §3).
 * `id` is the id of the message being acknowledged.
 */
export function buildAcknowledgement(options: {
  to: string;
  id: string;
  kind: 'received' | 'displayed';
}): Element {
  const { to, id, kind } = options;
  return xml(
    'message',
    { to, type: 'chat', id: crypto.randomUUID() },
    kind === 'received'
      ? xml('received', { xmlns: NS_RECEIPTS, id })
      : xml('displayed', { xmlns: NS_CHAT_MARKERS, id }),
    // XEP-0334: worth archiving so the user's other devices learn it too, never a body.
    xml('store', { xmlns: 'urn:xmpp:hints' }),
  );
}
