// XEP-0045 — multi-user chat
import { type Element, xml } from '@xmpp/xml';
import { parseStanzaError, type StanzaError } from './errors.js';
import { bareJid, isValidJid, normalizeJid, resourceOf } from './jid.js';
import { parseMessage } from './message.js';
import { ok, type Parsed, reject } from './result.js';

// Built with the other message builders, where the outbox (always loaded) finds it; the rest of
// this module comes only with the rooms (a chunk of its own in the loader's build).
export { buildGroupchat } from './message.js';

/** The namespace of a join request (XEP-0045 §7.2.1). */
export const NS_MUC = 'http://jabber.org/protocol/muc';
/** The namespace of what a room says about its occupants (XEP-0045 §7.2.3). */
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
/** XEP-0030 service discovery, information about an entity. */
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/** A long-lived relation to the room (XEP-0045 §5.2). */
export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none';
/** A role while present (XEP-0045 §5.1). */
export type Role = 'moderator' | 'participant' | 'visitor' | 'none';

const AFFILIATIONS: ReadonlySet<string> = new Set(['owner', 'admin', 'member', 'outcast', 'none']);
const ROLES: ReadonlySet<string> = new Set(['moderator', 'participant', 'visitor', 'none']);

/** Status code: this presence is about the own occupant (XEP-0045 §7.2.3). */
export const STATUS_SELF = 110;
/** Status code: the room was created by this join (XEP-0045 §10.1.1). */
export const STATUS_CREATED = 201;
/** Status code: the room changed the nick asked for (XEP-0045 §7.2.9). */
export const STATUS_NICK_ASSIGNED = 210;
/** Status code: the occupant changed nick; `item nick` is the new one (XEP-0045 §7.6). */
export const STATUS_NICK_CHANGED = 303;
/** Status codes that mean the occupant was removed: banned, kicked, affiliation change, members-only, shutdown, error. */
export const REMOVED = [301, 307, 321, 322, 332, 333] as const;

/** Why joining a room failed, from the error presence (XEP-0045 §7.2.6–§7.2.11). */
export type JoinProblem =
  'conflict' | 'members-only' | 'banned' | 'no-room' | 'full' | 'password' | 'other';

/** One occupant's presence as the room reports it. */
export interface OccupantPresence {
  kind: 'occupant';
  /** The room's bare JID, normalised. */
  room: string;
  /** The occupant's nick (the resource of `from`). */
  nick: string;
  available: boolean;
  affiliation: Affiliation;
  role: Role;
  /** The occupant's real JID, when the room shows it. */
  jid?: string;
  /** The status codes, e.g. 110 for the own occupant. */
  codes: number[];
  /** With 303: the nick the occupant goes by from now on. */
  newNick?: string;
}

/** The room refused a join (or a nick change). */
export interface JoinError {
  kind: 'error';
  room: string;
  nick: string;
  problem: JoinProblem;
  error: StanzaError;
}

/** A groupchat message from a room. */
export interface RoomMessage {
  room: string;
  /** The sender's nick; absent for messages from the room itself. */
  nick?: string;
  id?: string;
  body?: string;
  /** The room's topic (XEP-0045 §8.1); '' when cleared. Marks the end of the join history. */
  subject?: string;
  /** XEP-0203 `<delay/>`: the message is from the room's history. */
  delay?: number;
  originId?: string;
  /** The room's archive id (XEP-0359 stanza-id with `by` = the room; any other is ignored). */
  stanzaId?: string;
}

/**
 * Builds a join request to `room` as `nick` (XEP-0045 §7.2.1). `maxstanzas` asks for that many
 * messages of history (XEP-0045 §7.2.14); the room may send fewer.
 */
export function buildJoin(room: string, nick: string, maxstanzas = 20): Element {
  return xml(
    'presence',
    { to: `${room}/${nick}` },
    xml('x', { xmlns: NS_MUC }, xml('history', { maxstanzas: String(maxstanzas) })),
  );
}

/** Asks a room about itself (XEP-0045 §6.4, XEP-0030 disco#info): its name, among others. */
export function buildRoomInfoQuery(room: string): Element {
  return xml('iq', { type: 'get', to: room }, xml('query', { xmlns: NS_DISCO_INFO }));
}

/**
 * A room's name from its disco#info answer: the `conference` identity's name (XEP-0045 §6.4),
 * trimmed and capped; `null` when it has none.
 */
export function parseRoomName(result: Element): string | null {
  const query = result.is('query', NS_DISCO_INFO)
    ? result
    : result.getChild('query', NS_DISCO_INFO);
  const identity = query?.getChildren('identity').find((i) => i.attrs['category'] === 'conference');
  const name = String(identity?.attrs['name'] ?? '').trim();
  return name ? name.slice(0, 100) : null;
}

/** Builds the presence that leaves a room (XEP-0045 §7.14). */
export function buildLeave(room: string, nick: string): Element {
  return xml('presence', { to: `${room}/${nick}`, type: 'unavailable' });
}

/** What a join error's condition means (XEP-0045 §7.2.6–§7.2.11). */
export function joinProblem(condition: string): JoinProblem {
  switch (condition) {
    case 'conflict':
      return 'conflict';
    case 'registration-required':
      return 'members-only';
    case 'forbidden':
      return 'banned';
    case 'item-not-found':
    case 'not-allowed':
    case 'gone':
      return 'no-room';
    case 'service-unavailable':
      return 'full';
    case 'not-authorized':
      return 'password';
    default:
      return 'other';
  }
}

/** The occupant's nick when `from` is `room/nick`, else `undefined`. */
function nickIn(from: string | undefined, room: string): string | undefined {
  if (from === undefined || !isValidJid(from)) return undefined;
  const jid = normalizeJid(from);
  if (bareJid(jid) !== normalizeJid(room)) return undefined;
  return resourceOf(from) || undefined;
}

/**
 * Parses a presence from `room` about one occupant, or the room's refusal of a join.
 *
 * Refuses a presence that is not from an occupant of `room` (`room/nick`): only the room
 * speaks about its occupants. Refuses an affiliation or role outside XEP-0045's lists, and
 * a nick change (303) without the new nick.
 */
export function parseOccupantPresence(
  presence: Element,
  room: string,
): Parsed<OccupantPresence | JoinError> {
  if (!presence.is('presence')) return reject(`expected a presence, got <${presence.getName()}>`);
  const from = presence.attrs.from;
  const nick = nickIn(from, room);
  if (nick === undefined)
    return reject(`a presence from ${String(from)}, not an occupant of ${room}`);
  const roomJid = normalizeJid(room);
  const type = presence.attrs.type;
  if (type === 'error') {
    const error = parseStanzaError(presence) ?? { condition: 'undefined-condition' };
    return ok({ kind: 'error', room: roomJid, nick, problem: joinProblem(error.condition), error });
  }
  if (type !== undefined && type !== 'unavailable')
    return reject(`an occupant presence of type '${type}'`);
  const x = presence.getChild('x', NS_MUC_USER);
  const item = x?.getChild('item');
  if (!x || !item) return reject(`a presence from ${nick} in ${room} without <x><item/></x>`);
  const affiliation = item.attrs.affiliation ?? 'none';
  const role = item.attrs.role ?? 'none';
  if (!AFFILIATIONS.has(affiliation)) return reject(`an unknown affiliation '${affiliation}'`);
  if (!ROLES.has(role)) return reject(`an unknown role '${role}'`);
  const codes = x
    .getChildren('status')
    .map((s) => Number(s.attrs.code))
    .filter((code) => Number.isInteger(code) && code >= 100 && code <= 999);
  const result: OccupantPresence = {
    kind: 'occupant',
    room: roomJid,
    nick,
    available: type === undefined,
    affiliation: affiliation as Affiliation,
    role: role as Role,
    codes,
  };
  const real = item.attrs.jid;
  if (real !== undefined && isValidJid(real)) result.jid = normalizeJid(real);
  if (codes.includes(STATUS_NICK_CHANGED)) {
    const next = item.attrs.nick;
    if (!next || type !== 'unavailable') return reject('a nick change (303) without the new nick');
    result.newNick = next;
  }
  return ok(result);
}

/**
 * Parses a groupchat message from `room`.
 *
 * Refuses one of any other type, one from anyone but the room or its occupants (a groupchat
 * message "from" a room we are not in is forged), and whatever {@link parseMessage} refuses.
 * The stanza-id is trusted only when the room itself put it there (`by` = the room).
 */
export function parseGroupchat(message: Element, room: string): Parsed<RoomMessage> {
  if (message.attrs.type !== 'groupchat') return reject('not a groupchat message');
  const from = message.attrs.from;
  if (
    from === undefined ||
    !isValidJid(from) ||
    normalizeJid(bareJid(from)) !== normalizeJid(room)
  ) {
    return reject(`a groupchat message from ${String(from)}, not from the room ${room}`);
  }
  // The room is the "own server" of its messages: only its stanza-id counts.
  const parsed = parseMessage(message, room);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const nick = resourceOf(from);
  return ok({
    room: normalizeJid(room),
    ...(nick && { nick }),
    ...(m.id && { id: m.id }),
    ...(m.body !== undefined && { body: m.body }),
    ...(m.subject !== undefined && { subject: m.subject }),
    ...(m.delay !== undefined && { delay: m.delay }),
    ...(m.originId && { originId: m.originId }),
    ...(m.stanzaId && { stanzaId: m.stanzaId }),
  });
}
