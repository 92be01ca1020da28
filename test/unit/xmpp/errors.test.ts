import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { describeError, parseStanzaError } from '../../../src/xmpp/errors.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

describe('parseStanzaError', () => {
  it('reads type, condition and text', () => {
    const el = stanza(`
      <message type='error' from='bob@example.com'>
        <error type='cancel' by='example.com'>
          <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
          <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Bob is gone</text>
        </error>
      </message>`);
    expect(parseStanzaError(el)).toEqual({
      type: 'cancel',
      condition: 'service-unavailable',
      text: 'Bob is gone',
      by: 'example.com',
    });
  });

  it('ignores an application-specific condition beside the defined one', () => {
    const el = stanza(`
      <iq type='error' id='1'>
        <error type='modify'>
          <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
          <too-many-subscriptions xmlns='http://jabber.org/protocol/pubsub#errors'/>
        </error>
      </iq>`);
    expect(parseStanzaError(el)).toEqual({ type: 'modify', condition: 'bad-request' });
  });

  it("reports 'undefined-condition' for an error with no defined condition", () => {
    const el = stanza(
      `<presence type='error'><error type='wait'><x xmlns='urn:other'/></error></presence>`,
    );
    expect(parseStanzaError(el)).toEqual({ type: 'wait', condition: 'undefined-condition' });
  });

  it('drops an invalid error type', () => {
    const el = stanza(
      `<message type='error'><error type='explode'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    );
    expect(parseStanzaError(el)).toEqual({ condition: 'conflict' });
  });

  it('returns undefined when the stanza has no error', () => {
    expect(parseStanzaError(stanza(`<message type='chat'><body>hi</body></message>`))).toBe(
      undefined,
    );
  });
});

describe('describeError', () => {
  it('describes a known condition in English with the condition in brackets', () => {
    expect(describeError({ condition: 'service-unavailable' })).toBe(
      'The recipient is not available (service-unavailable)',
    );
  });

  it("appends the server's text", () => {
    expect(describeError({ type: 'cancel', condition: 'forbidden', text: 'Blocked' })).toBe(
      'You are not allowed to do this (forbidden): Blocked',
    );
  });

  it('describes an unknown condition generically', () => {
    expect(describeError({ condition: 'made-up' })).toBe('The request failed (made-up)');
    expect(describeError({ condition: 'constructor' })).toBe('The request failed (constructor)');
  });

  it('has a description for every condition of RFC 6120 §8.3.3', () => {
    const conditions = [
      'bad-request',
      'conflict',
      'feature-not-implemented',
      'forbidden',
      'gone',
      'internal-server-error',
      'item-not-found',
      'jid-malformed',
      'not-acceptable',
      'not-allowed',
      'not-authorized',
      'policy-violation',
      'recipient-unavailable',
      'redirect',
      'registration-required',
      'remote-server-not-found',
      'remote-server-timeout',
      'resource-constraint',
      'service-unavailable',
      'subscription-required',
      'undefined-condition',
      'unexpected-request',
    ];
    for (const condition of conditions) {
      expect(describeError({ condition })).not.toMatch(/^The request failed/);
    }
  });
});
