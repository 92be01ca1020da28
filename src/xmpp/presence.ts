// RFC 6121 §3–4 — presence and subscriptions (with XEP-0172 nicknames)
import type { Element } from '@xmpp/xml';
import { xml } from '@xmpp/xml';
import { parseStanzaError, type StanzaError } from './errors.js';
import { bareJid, isValidJid, normalizeJid } from './jid.js';
import { ok, type Parsed, reject } from './result.js';

/** The XEP-0172 user nickname namespace. */
export const NS_NICK = 'http://jabber.org/protocol/nick';

/** The longest status text kept, in characters; longer texts are cut. */
export const MAX_STATUS_LENGTH = 1024;

/** How available a contact says they are; 'online' is plain availability, sent without `<show/>`. */
export type AvailableShow = 'chat' | 'online' | 'away' | 'xa' | 'dnd';

/** The four subscription presence types (RFC 6121 §3). */
export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

/**
 * An incoming presence, by kind.
 *
 * `from` is the normalised full JID for availability, errors and probes, and
 * the bare JID for subscription requests and answers, which concern accounts.
 */
export type PresenceEvent =
  | {
      kind: 'available';
      from: string;
      show: AvailableShow;
      status?: string;
      priority: number;
      nick?: string;
    }
  | { kind: 'unavailable'; from: string; status?: string }
  | { kind: SubscriptionType; from: string; nick?: string }
  | { kind: 'error'; from: string; error: StanzaError }
  | { kind: 'probe'; from: string };

const SHOWS: ReadonlySet<string> = new Set(['chat', 'away', 'xa', 'dnd']);
const SUBSCRIPTION_TYPES: ReadonlySet<string> = new Set([
  'subscribe',
  'subscribed',
  'unsubscribe',
  'unsubscribed',
]);

/** The `<status/>` without xml:lang, else the first; cut to {@link MAX_STATUS_LENGTH}; undefined when empty. */
function statusOf(presence: Element): string | undefined {
  const all = presence.getChildren('status');
  const chosen = all.find((s) => s.attrs['xml:lang'] === undefined) ?? all[0];
  const text = chosen?.getText() ?? '';
  return text === '' ? undefined : text.slice(0, MAX_STATUS_LENGTH);
}

/** An integer in -128..127 (RFC 6121 §4.7.2.3); anything else counts as 0. */
function priorityOf(presence: Element): number {
  const text = presence.getChildText('priority')?.trim() ?? '';
  if (!/^[+-]?\d{1,3}$/.test(text)) return 0;
  const n = Number(text);
  return n >= -128 && n <= 127 ? n : 0;
}

function nickOf(presence: Element): string | undefined {
  const nick = presence.getChild('nick', NS_NICK)?.getText().trim();
  return nick ? nick : undefined;
}

/**
 * Parses an incoming presence into a {@link PresenceEvent}.
 *
 * Refuses a presence with no 'from', an invalid 'from' or an unknown type.
 * Lenient where RFC 6121 asks for leniency: an unknown `<show/>` counts as
 * 'online', a priority that is not an integer in -128..127 counts as 0, and a
 * status longer than {@link MAX_STATUS_LENGTH} characters is cut.
 */
export function parsePresence(presence: Element): Parsed<PresenceEvent> {
  if (!presence.is('presence')) return reject(`expected a presence, got <${presence.getName()}>`);
  const raw = presence.attrs.from;
  if (raw === undefined) return reject('presence has no from');
  if (!isValidJid(raw)) return reject(`presence from an invalid JID '${raw}'`);
  const from = normalizeJid(raw);
  const type = presence.attrs.type;

  if (type === undefined) {
    const show = presence.getChildText('show')?.trim() ?? '';
    const event: PresenceEvent = {
      kind: 'available',
      from,
      show: SHOWS.has(show) ? (show as AvailableShow) : 'online',
      priority: priorityOf(presence),
    };
    const status = statusOf(presence);
    if (status !== undefined) event.status = status;
    const nick = nickOf(presence);
    if (nick !== undefined) event.nick = nick;
    return ok(event);
  }
  if (type === 'unavailable') {
    const status = statusOf(presence);
    return ok(status === undefined ? { kind: type, from } : { kind: type, from, status });
  }
  if (SUBSCRIPTION_TYPES.has(type)) {
    const kind = type as SubscriptionType;
    const nick = nickOf(presence);
    const bare = bareJid(raw);
    return ok(nick === undefined ? { kind, from: bare } : { kind, from: bare, nick });
  }
  if (type === 'error') {
    return ok({
      kind: 'error',
      from,
      error: parseStanzaError(presence) ?? { condition: 'undefined-condition' },
    });
  }
  if (type === 'probe') return ok({ kind: 'probe', from });
  return reject(`presence has unknown type '${type}'`);
}

/** Clamps a priority into -128..127 and drops any fraction; NaN becomes 0. */
function clampPriority(priority: number): number {
  if (Number.isNaN(priority)) return 0;
  return Math.max(-128, Math.min(127, Math.trunc(priority)));
}

/**
 * Builds an available presence to broadcast: no type, `<show/>` omitted for
 * 'online', `<status/>` only when non-empty, `<priority/>` only when given
 * (clamped to -128..127).
 */
export function buildPresence(options: {
  show: AvailableShow;
  status?: string;
  priority?: number;
}): Element {
  const { show, status, priority } = options;
  return xml(
    'presence',
    {},
    show !== 'online' && xml('show', {}, show),
    status && xml('status', {}, status),
    priority !== undefined && xml('priority', {}, String(clampPriority(priority))),
  );
}

/** Builds an unavailable presence, with an optional goodbye status. */
export function buildUnavailable(status?: string): Element {
  return xml('presence', { type: 'unavailable' }, status && xml('status', {}, status));
}

/**
 * Builds a subscription request or answer addressed to a contact's bare JID,
 * carrying our XEP-0172 nickname when one is given.
 */
export function buildSubscription(type: SubscriptionType, to: string, nick?: string): Element {
  return xml('presence', { type, to: bareJid(to) }, nick && xml('nick', { xmlns: NS_NICK }, nick));
}

/** Builds a presence probe asking for a contact's current presence. */
export function buildProbe(to: string): Element {
  return xml('presence', { type: 'probe', to: bareJid(to) });
}
