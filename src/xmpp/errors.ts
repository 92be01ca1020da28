// RFC 6120 §8.3 — stanza errors
import type { Element } from '@xmpp/xml';

/** The namespace of the defined stanza error conditions and their `<text/>`. */
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** The `type` values RFC 6120 §8.3.2 defines: what the sender may do about the error. */
export type StanzaErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

/**
 * An error carried by a stanza of type 'error'.
 *
 * `type` is one of {@link StanzaErrorType} when the server sends a valid one;
 * `condition` is the defined condition's element name ('undefined-condition'
 * when none was sent); `text` is the optional human-readable explanation.
 */
export interface StanzaError {
  type?: string;
  condition: string;
  text?: string;
  /** The entity that generated the error, when given (RFC 6120 §8.3.2 'by'). */
  by?: string;
}

const TYPES: ReadonlySet<string> = new Set(['auth', 'cancel', 'continue', 'modify', 'wait']);

/**
 * Reads the `<error/>` child of a stanza; `undefined` when there is none.
 *
 * An `<error/>` with no condition from {@link NS_STANZAS} still yields an
 * error, with condition 'undefined-condition', so the caller always learns
 * that something failed. An invalid `type` is dropped rather than passed on.
 */
export function parseStanzaError(stanza: Element): StanzaError | undefined {
  const error = stanza.getChild('error');
  if (!error) return undefined;
  const result: StanzaError = { condition: 'undefined-condition' };
  const type = error.attrs.type;
  if (type !== undefined && TYPES.has(type)) result.type = type;
  const by = error.attrs.by;
  if (by) result.by = by;
  for (const child of error.getChildElements()) {
    if (child.getNS() !== NS_STANZAS) continue;
    if (child.getName() === 'text') {
      const text = child.getText();
      if (text !== '' && result.text === undefined) result.text = text;
    } else if (result.condition === 'undefined-condition') {
      result.condition = child.getName();
    }
  }
  return result;
}

// One plain sentence per condition of RFC 6120 §8.3.3, worded for the person
// using the chat rather than for a developer.
const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'bad-request': 'The request was malformed',
    conflict: 'The request conflicts with something that already exists',
    'feature-not-implemented': 'The recipient does not support this feature',
    forbidden: 'You are not allowed to do this',
    gone: 'The recipient is no longer at this address',
    'internal-server-error': 'The server had an internal error',
    'item-not-found': 'The requested item was not found',
    'jid-malformed': 'The address is not valid',
    'not-acceptable': 'The recipient did not accept the request',
    'not-allowed': 'This action is not allowed',
    'not-authorized': 'You are not authorised to do this',
    'policy-violation': 'The request was refused by the server’s policy',
    'recipient-unavailable': 'The recipient is temporarily unavailable',
    redirect: 'The recipient has moved to another address',
    'registration-required': 'You must register before doing this',
    'remote-server-not-found': 'The recipient’s server could not be found',
    'remote-server-timeout': 'The recipient’s server did not respond in time',
    'resource-constraint': 'The server is too busy to handle the request',
    'service-unavailable': 'The recipient is not available',
    'subscription-required': 'You must be subscribed to do this',
    'undefined-condition': 'An unknown error occurred',
    'unexpected-request': 'The request was not expected at this time',
  }),
);

/**
 * A short English sentence describing a stanza error, for showing to a person.
 *
 * 'service-unavailable' becomes 'The recipient is not available
 * (service-unavailable)'; the server's `text`, if any, follows after a colon.
 */
export function describeError(error: StanzaError): string {
  const sentence = DESCRIPTIONS.get(error.condition) ?? 'The request failed';
  const base = `${sentence} (${error.condition})`;
  return error.text ? `${base}: ${error.text}` : base;
}
