// RFC 6120 §8.1.2.1 — who may answer an IQ: replies are matched to requests by id *and* sender.
import { bareJid, isValidJid, normalizeJid } from './jid.js';

/**
 * Whether a reply from `from` may answer a request sent to `to` by the account
 * `ownJid` (full JID). A request without 'to' goes to the own account, whose
 * server answers without 'from' or from the account's bare or full JID.
 * JIDs are compared after normalisation.
 */
export function isReplyFrom(
  from: string | undefined,
  to: string | undefined,
  ownJid: string,
): boolean {
  const own = ownJid ? normalizeJid(ownJid) : '';
  const ownBare = own ? bareJid(own) : '';
  if (from !== undefined && !isValidJid(from)) return false;
  const sender = from === undefined ? undefined : normalizeJid(from);
  const target = to === undefined ? undefined : normalizeJid(to);
  if (target === undefined || target === ownBare || target === own) {
    return sender === undefined || sender === ownBare || sender === own;
  }
  return sender === target;
}
