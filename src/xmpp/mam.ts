// XEP-0313 — Message Archive Management (urn:xmpp:mam:2), paged with XEP-0059 Result Set Management.
import { type Element, xml } from '@xmpp/xml';
import { bareJid, isValidJid, normalizeJid } from './jid.js';
import { NS_DELAY, parseDateTime } from './message.js';
import { NS_FORWARD } from './carbons.js';
import { ok, type Parsed, reject } from './result.js';

/** The XEP-0313 namespace. */
export const NS_MAM = 'urn:xmpp:mam:2';
/** The XEP-0059 namespace. */
export const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_DATA = 'jabber:x:data';

/** One page to ask the archive for. */
export interface MamQuery {
  /** Ties the results to this query; results with another id are refused. */
  queryId: string;
  /** Only the conversation with this bare JID. */
  with?: string;
  /** Only messages at or after this time (ms since the epoch). */
  start?: number;
  /** Only messages at or before this time (ms since the epoch). */
  end?: number;
  /** The page after this archive id (catching up forward). */
  after?: string;
  /** The page before this archive id; `''` asks for the newest page. */
  before?: string;
  /** Page size; the server may return fewer. */
  max: number;
}

const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));

/** Builds the query IQ for one page of the own archive (or of `to`'s). */
export function buildMamQuery(query: MamQuery, to?: string): Element {
  const fields = [
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM)),
    ...(query.with ? [field('with', query.with)] : []),
    ...(query.start !== undefined ? [field('start', new Date(query.start).toISOString())] : []),
    ...(query.end !== undefined ? [field('end', new Date(query.end).toISOString())] : []),
  ];
  const set = [
    xml('max', {}, String(query.max)),
    ...(query.after !== undefined ? [xml('after', {}, query.after)] : []),
    ...(query.before !== undefined ? [xml('before', {}, query.before)] : []),
  ];
  return xml(
    'iq',
    { type: 'set', ...(to && { to }) },
    xml(
      'query',
      { xmlns: NS_MAM, queryid: query.queryId },
      xml('x', { xmlns: NS_DATA, type: 'submit' }, ...fields),
      xml('set', { xmlns: NS_RSM }, ...set),
    ),
  );
}

/** One archived message from a query's results. */
export interface ArchivedMessage {
  queryId: string;
  /** The archive's id for the message (also its stanza-id). */
  archiveId: string;
  /** When the archive stored it (ms since the epoch), from the archive's own `<delay/>`. */
  stamp: number;
  /** The message as archived. */
  message: Element;
}

/**
 * Reads one archive result. Returns `undefined` when the message is not a MAM result.
 *
 * Refuses a result whose query id is not one we asked (`archiveOf` knows the archive each
 * query went to), and one that does not come from that archive: otherwise anyone could push
 * "history" into a conversation. The own account's archive answers without 'from', which means
 * from `account`, the own bare JID (RFC 6120 §8.1.2.1); a room's archive answers from the
 * room's bare JID (XEP-0313 §4), never from an occupant. Without `account` a result with no
 * 'from' is refused.
 */
export function parseMamResult(
  stanza: Element,
  archiveOf: (queryId: string) => string | undefined,
  account?: string,
): Parsed<ArchivedMessage> | undefined {
  const result = stanza.getChild('result', NS_MAM);
  if (!result) return undefined;
  const queryId = result.attrs.queryid ?? '';
  const archive = archiveOf(queryId);
  if (archive === undefined) return reject(`an archive result for an unknown query '${queryId}'`);
  const from: string | undefined = stanza.attrs.from ?? account;
  const expected = normalizeJid(bareJid(archive));
  if (from === undefined || !isValidJid(from) || normalizeJid(from) !== expected) {
    const sender = stanza.attrs.from === undefined ? "the own account (no 'from')" : from;
    return reject(`an archive result from ${sender}, not from the archive ${expected}`);
  }
  const archiveId = result.attrs.id;
  if (!archiveId) return reject('an archive result without an id');
  const forwarded = result.getChild('forwarded', NS_FORWARD);
  const message = forwarded?.getChild('message');
  if (!forwarded || !message) return reject('an archive result without a forwarded message');
  const rawStamp = forwarded.getChild('delay', NS_DELAY)?.attrs.stamp;
  const stamp = rawStamp === undefined ? undefined : parseDateTime(rawStamp);
  if (stamp === undefined) return reject('an archive result without a valid <delay/> stamp');
  return ok({ queryId, archiveId, stamp, message });
}

/** The end of one page of results. */
export interface MamFin {
  /** `true` when there is nothing more in the direction asked. */
  complete: boolean;
  /** Archive ids of the first and last result of the page. */
  first?: string;
  last?: string;
}

/** Reads the `<fin/>` of a query's IQ result. */
export function parseMamFin(iq: Element): Parsed<MamFin> {
  const fin = iq.getChild('fin', NS_MAM);
  if (!fin) return reject('an archive query result without <fin/>');
  const set = fin.getChild('set', NS_RSM);
  const first = set?.getChildText('first') ?? undefined;
  const last = set?.getChildText('last') ?? undefined;
  return ok({
    complete: fin.attrs.complete === 'true' || fin.attrs.complete === '1',
    ...(first && { first }),
    ...(last && { last }),
  });
}
