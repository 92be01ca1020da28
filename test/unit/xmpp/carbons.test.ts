import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { buildEnableCarbons, type Carbon, unwrapCarbon } from '../../../src/xmpp/carbons.js';
import type { Parsed } from '../../../src/xmpp/result.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

const OWN = 'alice@example.com/web';

function carbon(parsed: Parsed<Carbon> | undefined): Carbon {
  if (!parsed) throw new Error('expected a carbon, got undefined (not a carbon)');
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

function reason(parsed: Parsed<Carbon> | undefined): string {
  if (!parsed) throw new Error('expected a rejection, got undefined (not a carbon)');
  if (parsed.ok) throw new Error(`expected a rejection, got a ${parsed.value.direction} carbon`);
  return parsed.reason;
}

/** A carbon from `from` (no attribute when `undefined`) wrapping a message Bob sent Alice. */
const received = (from: string | undefined) =>
  stanza(`
    <message ${from === undefined ? '' : `from='${from}'`} to='alice@example.com/web' type='chat'>
      <received xmlns='urn:xmpp:carbons:2'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <message xmlns='jabber:client' from='bob@example.net/phone'
                   to='alice@example.com/phone' type='chat' id='b1'>
            <body>I am the real Bob, honest</body>
          </message>
        </forwarded>
      </received>
    </message>`);

describe('buildEnableCarbons', () => {
  it('builds the XEP-0280 enable request addressed to the own account', () => {
    expect(buildEnableCarbons().toString()).toBe(
      '<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>',
    );
  });
});

describe('unwrapCarbon', () => {
  it('returns undefined for a message that is not a carbon', () => {
    const plain = stanza(`
      <message from='bob@example.net/phone' to='alice@example.com/web' type='chat'>
        <body>hi</body>
      </message>`);
    expect(unwrapCarbon(plain, OWN)).toBeUndefined();
  });

  it('returns undefined for a delivery receipt, whose <received/> is not a carbon’s', () => {
    const receipt = stanza(`
      <message from='bob@example.net/phone' to='alice@example.com/web'>
        <received xmlns='urn:xmpp:receipts' id='m1'/>
      </message>`);
    expect(unwrapCarbon(receipt, OWN)).toBeUndefined();
  });

  it('unwraps a received carbon: the message another device of ours received', () => {
    const c = carbon(unwrapCarbon(received('alice@example.com'), OWN));
    expect(c.direction).toBe('received');
    expect(c.message.attrs).toMatchObject({ from: 'bob@example.net/phone', id: 'b1' });
    expect(c.message.getChildText('body')).toBe('I am the real Bob, honest');
  });

  it('unwraps a sent carbon: the message another device of ours sent', () => {
    const sent = stanza(`
      <message from='alice@example.com' to='alice@example.com/web' type='chat'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='alice@example.com/phone'
                     to='bob@example.net' type='chat' id='p1'>
              <body>Sent from my phone</body>
            </message>
          </forwarded>
        </sent>
      </message>`);
    const c = carbon(unwrapCarbon(sent, OWN));
    expect(c.direction).toBe('sent');
    expect(c.message.attrs).toMatchObject({ to: 'bob@example.net', id: 'p1' });
    expect(c.message.getChildText('body')).toBe('Sent from my phone');
  });

  it('rejects a carbon from another JID (CVE-2017-5858)', () => {
    expect(reason(unwrapCarbon(received('mallory@evil.example'), OWN))).toMatch(
      /from mallory@evil\.example, not from the own account alice@example\.com/,
    );
  });

  it('rejects a carbon from the peer whose message it wraps', () => {
    expect(reason(unwrapCarbon(received('bob@example.net/phone'), OWN))).toMatch(
      /not from the own account/,
    );
  });

  it('rejects a carbon from the own full JID: the server sends them from the bare JID', () => {
    expect(reason(unwrapCarbon(received('alice@example.com/phone'), OWN))).toMatch(
      /from alice@example\.com\/phone, not from the own account/,
    );
  });

  it('rejects a carbon from the own domain', () => {
    expect(reason(unwrapCarbon(received('example.com'), OWN))).toMatch(/not from the own account/);
  });

  it('rejects a carbon without from', () => {
    expect(reason(unwrapCarbon(received(undefined), OWN))).toMatch(/from nobody/);
  });

  it('rejects a carbon from an invalid JID', () => {
    expect(reason(unwrapCarbon(received('alice@'), OWN))).toMatch(/not from the own account/);
  });

  it('accepts a carbon from the own bare JID written in another case', () => {
    const c = carbon(unwrapCarbon(received('Alice@Example.COM'), OWN));
    expect(c.message.attrs.id).toBe('b1');
  });

  it('accepts a carbon when the own JID is given in another case', () => {
    const c = carbon(unwrapCarbon(received('alice@example.com'), 'ALICE@example.com/web'));
    expect(c.direction).toBe('received');
  });

  it('rejects a carbon without a forwarded message', () => {
    const empty = stanza(`
      <message from='alice@example.com' to='alice@example.com/web'>
        <received xmlns='urn:xmpp:carbons:2'/>
      </message>`);
    expect(reason(unwrapCarbon(empty, OWN))).toMatch(/without a forwarded message/);
  });

  it('rejects a carbon whose forwarded element holds no message', () => {
    const hollow = stanza(`
      <message from='alice@example.com' to='alice@example.com/web'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'><presence from='bob@example.net'/></forwarded>
        </sent>
      </message>`);
    expect(reason(unwrapCarbon(hollow, OWN))).toMatch(/without a forwarded message/);
  });

  it('rejects a carbon whose message is forwarded in another namespace', () => {
    const wrong = stanza(`
      <message from='alice@example.com' to='alice@example.com/web'>
        <received xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:other'>
            <message from='bob@example.net/phone' type='chat'><body>x</body></message>
          </forwarded>
        </received>
      </message>`);
    expect(reason(unwrapCarbon(wrong, OWN))).toMatch(/without a forwarded message/);
  });
});
