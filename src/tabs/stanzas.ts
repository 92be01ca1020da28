// What crosses between tabs, as stanzas: which incoming ones the other tabs get, and how,
// and the own outgoing messages they are shown as copies of.
import { type Element, xml } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { NS_CARBONS, NS_FORWARD } from '../xmpp/carbons.js';
import { bareJid } from '../xmpp/jid.js';
import { NS_MAM } from '../xmpp/mam.js';
import { NS_RECEIPTS } from '../xmpp/message.js';

export { parse };

/** Presence types that ask or answer a subscription (RFC 6121 §3): answered by one tab only. */
const SUBSCRIPTION = new Set(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']);

/** Where an incoming stanza goes besides the leader's own handlers. */
export type Relay =
  | { to: 'all'; xml: string }
  /** An archive result of a follower's query: that tab only, and not the leader. */
  | { to: 'query'; queryId: string; xml: string }
  | { to: 'none' };

/**
 * Decides what the other tabs get of an incoming stanza. They never get what calls for an
 * automatic answer — the leader answers it, once: a message's receipt request is taken out,
 * subscription presences stay with the leader (the requests list is mirrored instead).
 * Archive results go only to the tab whose query they answer (`queryOf`).
 */
export function relayOf(stanza: Element, queryOf: (queryId: string) => boolean): Relay {
  if (stanza.is('presence')) {
    return SUBSCRIPTION.has(stanza.attrs.type ?? '')
      ? { to: 'none' }
      : { to: 'all', xml: stanza.toString() };
  }
  const queryId = stanza.getChild('result', NS_MAM)?.attrs.queryid;
  if (queryId !== undefined) {
    return queryOf(queryId) ? { to: 'query', queryId, xml: stanza.toString() } : { to: 'none' };
  }
  if (!stanza.getChild('request', NS_RECEIPTS)) return { to: 'all', xml: stanza.toString() };
  const copy = parse(stanza.toString());
  copy.children = copy.children.filter(
    (child) => typeof child === 'string' || !child.is('request', NS_RECEIPTS),
  );
  return { to: 'all', xml: copy.toString() };
}

/** The query id of an archive query IQ (XEP-0313), if it is one. */
export function mamQueryId(iq: Element): string | undefined {
  return iq.getChild('query', NS_MAM)?.attrs.queryid;
}

/** The query id of an archive result message, if it is one. */
export function mamResultId(stanza: Element): string | undefined {
  return stanza.getChild('result', NS_MAM)?.attrs.queryid;
}

/** The id a message stanza is tracked by between tabs (its own `id`), if any. */
export function messageId(stanza: Element): string | undefined {
  return stanza.is('message') ? stanza.attrs.id || undefined : undefined;
}

/**
 * An outgoing message of this account as a tab that did not send it shows it: wrapped the
 * way the server wraps what another device sent (a "sent" carbon, XEP-0280), from the own
 * bare JID, so it goes through the same checks and merges with a copy already shown.
 */
export function ownCopy(stanza: Element, account: string, fullJid: string | null): Element {
  const bare = bareJid(account);
  const inner = parse(stanza.toString());
  inner.attrs.from = fullJid ?? bare;
  return xml(
    'message',
    { from: bare, to: fullJid ?? bare, type: inner.attrs.type ?? 'normal' },
    xml('sent', { xmlns: NS_CARBONS }, xml('forwarded', { xmlns: NS_FORWARD }, inner)),
  );
}
