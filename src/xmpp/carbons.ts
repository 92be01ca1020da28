// XEP-0280 — Message Carbons: the copies of the account's messages that other devices sent or received.
import { type Element, xml } from '@xmpp/xml';
import { bareJid, isValidJid, normalizeJid, resourceOf } from './jid.js';
import { ok, type Parsed, reject } from './result.js';

/** The XEP-0280 namespace. */
export const NS_CARBONS = 'urn:xmpp:carbons:2';
/** The XEP-0297 stanza forwarding namespace. */
export const NS_FORWARD = 'urn:xmpp:forward:0';

/** Builds the IQ that turns carbons on for this session (XEP-0280 §4). */
export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS_CARBONS }));
}

/** A carbon copy, unwrapped: the message another device of the account sent or received. */
export interface Carbon {
  direction: 'sent' | 'received';
  message: Element;
}

/**
 * Unwraps a carbon copy. Returns `undefined` when the message is not a carbon.
 *
 * Refuses a carbon that does not come from the account's own bare JID: anyone
 * can wrap a forged message in `<received/>` and send it (CVE-2017-5858), and
 * only the own server may deliver copies. JIDs are compared after normalisation,
 * so `Alice@Example.com` is the same account as `alice@example.com`.
 */
export function unwrapCarbon(stanza: Element, ownJid: string): Parsed<Carbon> | undefined {
  const wrapper =
    stanza.getChild('sent', NS_CARBONS) ?? stanza.getChild('received', NS_CARBONS) ?? undefined;
  if (!wrapper) return undefined;
  const from = stanza.attrs.from;
  const own = normalizeJid(bareJid(ownJid));
  if (from === undefined || !isValidJid(from) || resourceOf(from) || normalizeJid(from) !== own) {
    return reject(`a carbon copy from ${from ?? 'nobody'}, not from the own account ${own}`);
  }
  const inner = wrapper.getChild('forwarded', NS_FORWARD)?.getChild('message');
  if (!inner) return reject('a carbon copy without a forwarded message');
  return ok({ direction: wrapper.getName() as Carbon['direction'], message: inner });
}
