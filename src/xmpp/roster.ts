// RFC 6121 §2 — roster
import type { Element } from '@xmpp/xml';
import { xml } from '@xmpp/xml';
import { bareJid, isValidJid, normalizeJid, resourceOf } from './jid.js';
import { ok, type Parsed, reject } from './result.js';

/** The roster namespace. */
export const NS_ROSTER = 'jabber:iq:roster';

/** A roster item's subscription state; 'remove' appears only in pushes and means "delete it". */
export type Subscription = 'none' | 'to' | 'from' | 'both' | 'remove';

/** One contact in the roster, as the server describes it. */
export interface RosterItem {
  /** The contact's JID, normalised (lower-cased bare JID, resource kept if the server sent one). */
  jid: string;
  name?: string;
  /** Group names, without duplicates or empty names, in the order sent. */
  groups: string[];
  subscription: Subscription;
  /** Whether our subscription request is awaiting the contact's answer (ask='subscribe'). */
  pending: boolean;
}

/** The roster returned for a roster get. */
export interface RosterResult {
  version?: string;
  items: RosterItem[];
  /**
   * True when the server answered a versioned get with an empty result: the
   * cached roster is current and pushes will follow (RFC 6121 §2.6.3). The
   * empty `items` then means "nothing new", not "no contacts".
   */
  unchanged?: boolean;
}

/** One change to the roster pushed by the server. */
export interface RosterPush {
  version?: string;
  item: RosterItem;
}

const SUBSCRIPTIONS: ReadonlySet<string> = new Set(['none', 'to', 'from', 'both', 'remove']);

/** A fresh stanza id; falls back to getRandomValues where randomUUID is missing (insecure contexts). */
function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function uniqueGroups(groups: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const g of groups) if (g.trim() !== '') seen.add(g);
  return [...seen];
}

function parseItem(item: Element): Parsed<RosterItem> {
  const jid = item.attrs.jid;
  if (jid === undefined || !isValidJid(jid)) {
    return reject(`invalid roster item jid '${jid ?? ''}'`);
  }
  const sub = item.attrs.subscription;
  const result: RosterItem = {
    jid: normalizeJid(jid),
    groups: uniqueGroups(item.getChildren('group').map((g) => g.getText())),
    // A missing or unknown subscription is 'none' (RFC 6121 §2.1.2.5).
    subscription: sub !== undefined && SUBSCRIPTIONS.has(sub) ? (sub as Subscription) : 'none',
    pending: item.attrs.ask === 'subscribe',
  };
  if (item.attrs.name) result.name = item.attrs.name;
  return ok(result);
}

function rosterQuery(iq: Element): Element | undefined {
  return iq.getChild('query', NS_ROSTER);
}

/**
 * Parses the result of a roster get into its version and items.
 *
 * Items with an invalid JID and items with subscription='remove' are skipped;
 * a JID listed twice keeps its first item. An empty result with no `<query/>`
 * is the answer to a versioned get whose cache is current: it parses to
 * `{ items: [], unchanged: true }`.
 */
export function parseRosterResult(iq: Element): Parsed<RosterResult> {
  if (!iq.is('iq')) return reject(`expected an iq, got <${iq.getName()}>`);
  if (iq.attrs.type !== 'result') return reject(`roster result has type '${iq.attrs.type ?? ''}'`);
  const query = rosterQuery(iq);
  if (!query) return ok({ items: [], unchanged: true });
  const items: RosterItem[] = [];
  const seen = new Set<string>();
  for (const el of query.getChildren('item')) {
    const parsed = parseItem(el);
    // 'remove' belongs in pushes only; a result listing it is skipped, not obeyed.
    if (!parsed.ok || parsed.value.subscription === 'remove' || seen.has(parsed.value.jid)) {
      continue;
    }
    seen.add(parsed.value.jid);
    items.push(parsed.value);
  }
  const result: RosterResult = { items };
  if (query.attrs.ver !== undefined) result.version = query.attrs.ver;
  return ok(result);
}

/**
 * Parses a roster push: an iq of type 'set' carrying exactly one `<item/>`.
 *
 * Only the user's own account may push (RFC 6121 §2.1.6): the push is
 * accepted when it has no 'from', or a 'from' equal to `ownJid`'s bare JID
 * (compared case-insensitively). Anything else — another user, another
 * server, or a full JID — is refused with a reason naming the sender.
 */
export function parseRosterPush(iq: Element, ownJid: string): Parsed<RosterPush> {
  if (!iq.is('iq')) return reject(`expected an iq, got <${iq.getName()}>`);
  if (iq.attrs.type !== 'set') return reject(`roster push has type '${iq.attrs.type ?? ''}'`);
  const from = iq.attrs.from;
  if (from !== undefined && (resourceOf(from) !== '' || bareJid(from) !== bareJid(ownJid))) {
    return reject(`roster push from '${from}', not from the own account ${bareJid(ownJid)}`);
  }
  const query = rosterQuery(iq);
  if (!query) return reject('roster push has no jabber:iq:roster query');
  const items = query.getChildren('item');
  if (items.length !== 1) {
    return reject(`roster push has ${items.length} items, expected exactly 1`);
  }
  const item = parseItem(items[0]!);
  if (!item.ok) return item;
  const result: RosterPush = { item: item.value };
  if (query.attrs.ver !== undefined) result.version = query.attrs.ver;
  return ok(result);
}

/**
 * Builds a roster get with a fresh id.
 *
 * Pass the cached roster's `version` to ask only for changes; pass '' to say
 * "I support versioning but have no cache"; omit it to skip versioning.
 */
export function buildRosterGet(version?: string): Element {
  return xml('iq', { type: 'get', id: newId() }, xml('query', { xmlns: NS_ROSTER, ver: version }));
}

/**
 * Builds a roster set that adds or updates a contact.
 *
 * The JID is sent as its lower-cased bare form; an empty name is omitted;
 * empty and repeated group names are dropped.
 */
export function buildRosterSet(item: { jid: string; name?: string; groups: string[] }): Element {
  return xml(
    'iq',
    { type: 'set', id: newId() },
    xml(
      'query',
      { xmlns: NS_ROSTER },
      xml(
        'item',
        { jid: bareJid(item.jid), name: item.name || undefined },
        ...uniqueGroups(item.groups).map((g) => xml('group', {}, g)),
      ),
    ),
  );
}

/** Builds a roster set that removes a contact (subscription='remove'), addressed by its bare JID. */
export function buildRosterRemove(jid: string): Element {
  return xml(
    'iq',
    { type: 'set', id: newId() },
    xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: bareJid(jid), subscription: 'remove' })),
  );
}

/** Builds the empty result that acknowledges an iq: same id, addressed to its sender if it named one. */
export function buildIqResult(iq: Element): Element {
  return xml('iq', { type: 'result', id: iq.attrs.id, to: iq.attrs.from });
}
