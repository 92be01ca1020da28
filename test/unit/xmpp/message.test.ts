import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  buildAcknowledgement,
  buildChatMessage,
  MAX_BODY_LENGTH,
  NS_CHAT_MARKERS,
  NS_RECEIPTS,
  NS_SID,
  type ParsedMessage,
  parseDateTime,
  parseMessage,
} from '../../../src/xmpp/message.js';
import type { Parsed } from '../../../src/xmpp/result.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

const OWN = 'juliet@example.com/balcony';

function message(parsed: Parsed<ParsedMessage>): ParsedMessage {
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

function reason(parsed: Parsed<ParsedMessage>): string {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason;
}

describe('parseMessage', () => {
  it('parses a chat message with id, addresses, body, thread, delay and origin-id', () => {
    const m = stanza(`
      <message type='chat' id='m1' from='Romeo@Example.net/Orchard' to='Juliet@example.com/balcony'>
        <body>Art thou not Romeo?</body>
        <thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>
        <delay xmlns='urn:xmpp:delay' from='example.net' stamp='2002-09-10T23:08:25Z'/>
        <origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/>
      </message>`);
    expect(message(parseMessage(m, OWN))).toEqual({
      id: 'm1',
      from: 'romeo@example.net/Orchard',
      to: 'juliet@example.com/balcony',
      type: 'chat',
      body: 'Art thou not Romeo?',
      thread: 'e0ffe42b28561960c6b12b944a092794b9683a38',
      delay: Date.UTC(2002, 8, 10, 23, 8, 25),
      originId: 'de305d54-75b4-431b-adb2-eb6b9e546013',
    });
  });

  it.each(['chat', 'normal', 'headline', 'groupchat'] as const)('parses type %s', (type) => {
    const m = stanza(`<message type='${type}' from='a@example.com/r'><body>hi</body></message>`);
    expect(message(parseMessage(m, OWN))).toMatchObject({ type, body: 'hi' });
  });

  it('parses a groupchat message with its subject', () => {
    const m = stanza(`
      <message type='groupchat' from='room@muc.example.com/Ann Lee'>
        <subject>Fire drill at noon</subject>
      </message>`);
    expect(message(parseMessage(m, OWN))).toEqual({
      from: 'room@muc.example.com/Ann Lee',
      type: 'groupchat',
      subject: 'Fire drill at noon',
    });
  });

  it('parses an error message with its condition and text', () => {
    const m = stanza(`
      <message type='error' id='m2' from='romeo@example.net'>
        <body>Are you there?</body>
        <error type='cancel'>
          <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
          <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>User session not found</text>
        </error>
      </message>`);
    expect(message(parseMessage(m, OWN))).toEqual({
      id: 'm2',
      from: 'romeo@example.net',
      type: 'error',
      body: 'Are you there?',
      error: { type: 'cancel', condition: 'service-unavailable', text: 'User session not found' },
    });
  });

  it('gives an error message without an error element an undefined condition', () => {
    const m = stanza(`<message type='error' from='romeo@example.net'/>`);
    expect(message(parseMessage(m, OWN)).error).toEqual({ condition: 'undefined-condition' });
  });

  it('does not attach an error to a message that is not of type error', () => {
    const m = stanza(`
      <message type='chat' from='romeo@example.net'>
        <error><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
      </message>`);
    expect(message(parseMessage(m, OWN)).error).toBeUndefined();
  });

  it('treats a missing type as normal', () => {
    const m = stanza(`<message from='a@example.com'><body>x</body></message>`);
    expect(message(parseMessage(m, OWN)).type).toBe('normal');
  });

  it('treats an unknown type as normal', () => {
    const m = stanza(`<message type='urgent' from='a@example.com'><body>x</body></message>`);
    expect(message(parseMessage(m, OWN)).type).toBe('normal');
  });

  it('attributes a message without from to the own bare JID', () => {
    const m = stanza(`<message type='headline'><body>Server maintenance tonight</body></message>`);
    expect(message(parseMessage(m, 'Juliet@Example.com/balcony')).from).toBe('juliet@example.com');
  });

  it('rejects a message from an invalid JID', () => {
    const m = stanza(`<message type='chat' from='a@'><body>x</body></message>`);
    expect(reason(parseMessage(m, OWN))).toMatch(/invalid JID 'a@'/);
  });

  it('rejects an oversized body', () => {
    const big = 'x'.repeat(MAX_BODY_LENGTH + 1);
    const m = stanza(`<message type='chat' from='a@example.com/r'><body>${big}</body></message>`);
    expect(reason(parseMessage(m, OWN))).toMatch(/65537 characters, over the 65536 limit/);
  });

  it('accepts a body of exactly the maximum length', () => {
    const max = 'x'.repeat(MAX_BODY_LENGTH);
    const m = stanza(`<message type='chat' from='a@example.com/r'><body>${max}</body></message>`);
    expect(message(parseMessage(m, OWN)).body).toHaveLength(MAX_BODY_LENGTH);
  });

  it('keeps a body with HTML as literal text', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r'>
        <body>&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; &amp;amp;</body>
      </message>`);
    expect(message(parseMessage(m, OWN)).body).toBe('<img src=x onerror=alert(1)> &lt;b&gt; &amp;');
  });

  it('keeps whitespace and newlines in the body exactly as sent', () => {
    const m = stanza(
      `<message type='chat' from='a@example.com/r'><body>  line one\n\tline two  </body></message>`,
    );
    expect(message(parseMessage(m, OWN)).body).toBe('  line one\n\tline two  ');
  });

  it('takes the body without xml:lang when there are several', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r'>
        <body xml:lang='de'>Hallo</body>
        <body>Hello</body>
        <body xml:lang='fr'>Bonjour</body>
      </message>`);
    expect(message(parseMessage(m, OWN)).body).toBe('Hello');
  });

  it('takes the first body when every body has xml:lang', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r'>
        <body xml:lang='de'>Hallo</body>
        <body xml:lang='en'>Hello</body>
      </message>`);
    expect(message(parseMessage(m, OWN)).body).toBe('Hallo');
  });

  it('leaves body undefined for a message without one or with an empty one', () => {
    const none = stanza(
      `<message type='chat' from='a@example.com/r'><active xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    );
    const empty = stanza(`<message type='chat' from='a@example.com/r'><body/></message>`);
    expect(message(parseMessage(none, OWN))).toEqual({ from: 'a@example.com/r', type: 'chat' });
    expect(message(parseMessage(empty, OWN)).body).toBeUndefined();
  });

  it('ignores a delay with an invalid stamp and uses the next valid one', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r'>
        <delay xmlns='urn:xmpp:delay' stamp='yesterday'/>
        <delay xmlns='urn:xmpp:delay' stamp='2024-01-02T03:04:05.678+01:00'/>
      </message>`);
    expect(message(parseMessage(m, OWN)).delay).toBe(Date.UTC(2024, 0, 2, 2, 4, 5, 678));
  });

  it('ignores a delay element in another namespace', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r'>
        <delay xmlns='jabber:x:delay' stamp='2024-01-02T03:04:05Z'/>
      </message>`);
    expect(message(parseMessage(m, OWN)).delay).toBeUndefined();
  });

  it('ignores an origin-id in another namespace and drops an invalid to', () => {
    const m = stanza(`
      <message type='chat' from='a@example.com/r' to='not valid'>
        <origin-id xmlns='urn:other' id='x'/>
      </message>`);
    expect(message(parseMessage(m, OWN))).toEqual({ from: 'a@example.com/r', type: 'chat' });
  });

  it('rejects a stanza that is not a message', () => {
    expect(reason(parseMessage(stanza(`<presence from='a@example.com'/>`), OWN))).toMatch(
      /expected a message/,
    );
  });
});

describe('parseMessage: stanza ids (XEP-0359)', () => {
  const withStanzaIds = (ids: string) =>
    stanza(`
      <message type='chat' from='romeo@example.net/orchard' id='m1'>
        <body>Wherefore art thou?</body>
        ${ids}
      </message>`);

  it('takes the stanza-id the own server stamped', () => {
    const m = withStanzaIds(`<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='S1'/>`);
    expect(message(parseMessage(m, OWN)).stanzaId).toBe('S1');
  });

  it('takes the own server’s stanza-id whatever the case of its by', () => {
    const m = withStanzaIds(`<stanza-id xmlns='urn:xmpp:sid:0' by='Juliet@EXAMPLE.com' id='S1'/>`);
    expect(message(parseMessage(m, 'JULIET@example.com/balcony')).stanzaId).toBe('S1');
  });

  it.each([
    ['the sender', 'romeo@example.net'],
    ['the own server’s domain', 'example.com'],
    ['the own full JID', 'juliet@example.com/balcony'],
    ['an invalid JID', 'juliet@'],
  ])('ignores a stanza-id by %s: anyone can put one in a message', (_, by) => {
    const m = withStanzaIds(`<stanza-id xmlns='urn:xmpp:sid:0' by='${by}' id='forged'/>`);
    expect(message(parseMessage(m, OWN)).stanzaId).toBeUndefined();
  });

  it('ignores a stanza-id without by', () => {
    const m = withStanzaIds(`<stanza-id xmlns='urn:xmpp:sid:0' id='forged'/>`);
    expect(message(parseMessage(m, OWN)).stanzaId).toBeUndefined();
  });

  it('skips a forged stanza-id placed before the own server’s one', () => {
    const m = withStanzaIds(`
      <stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='forged'/>
      <stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='S1'/>`);
    expect(message(parseMessage(m, OWN)).stanzaId).toBe('S1');
  });

  it('ignores a stanza-id in another namespace', () => {
    const m = withStanzaIds(`<stanza-id xmlns='urn:xmpp:sid:1' by='juliet@example.com' id='S1'/>`);
    expect(message(parseMessage(m, OWN)).stanzaId).toBeUndefined();
  });
});

describe('parseMessage: receipts and chat markers', () => {
  it('notes that the sender asks for a receipt and for chat markers', () => {
    const m = stanza(`
      <message type='chat' from='romeo@example.net/orchard' id='richard2-4.1.247'>
        <body>My lord, dispatch; read o'er these articles.</body>
        <request xmlns='urn:xmpp:receipts'/>
        <markable xmlns='urn:xmpp:chat-markers:0'/>
      </message>`);
    expect(message(parseMessage(m, OWN))).toMatchObject({
      id: 'richard2-4.1.247',
      receiptRequested: true,
      markable: true,
    });
  });

  it('does not ask for a receipt or markers when the message does not', () => {
    const m = stanza(`
      <message type='chat' from='romeo@example.net/orchard'>
        <body>x</body>
        <request xmlns='urn:other'/>
        <markable xmlns='urn:xmpp:chat-markers:1'/>
      </message>`);
    const parsed = message(parseMessage(m, OWN));
    expect(parsed.receiptRequested).toBeUndefined();
    expect(parsed.markable).toBeUndefined();
  });

  it('reads a delivery receipt: the id of the message that arrived', () => {
    const m = stanza(`
      <message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v'>
        <received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/>
      </message>`);
    const parsed = message(parseMessage(m, OWN));
    expect(parsed.receivedId).toBe('richard2-4.1.247');
    expect(parsed.displayedId).toBeUndefined();
    expect(parsed.body).toBeUndefined();
  });

  it('reads a displayed marker: the id of the message seen', () => {
    const m = stanza(`
      <message from='northumberland@shakespeare.lit/westminster' to='kingrichard@royalty.england.lit/throne'>
        <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>
      </message>`);
    const parsed = message(parseMessage(m, OWN));
    expect(parsed.displayedId).toBe('message-1');
    expect(parsed.receivedId).toBeUndefined();
  });

  it('ignores a receipt or marker without an id, or in another namespace', () => {
    const m = stanza(`
      <message from='romeo@example.net/orchard'>
        <received xmlns='urn:xmpp:receipts'/>
        <displayed xmlns='urn:xmpp:chat-markers:1' id='m1'/>
      </message>`);
    const parsed = message(parseMessage(m, OWN));
    expect(parsed.receivedId).toBeUndefined();
    expect(parsed.displayedId).toBeUndefined();
  });
});

describe('buildAcknowledgement', () => {
  it('builds a delivery receipt for a message, with a store hint and no body', () => {
    const ack = buildAcknowledgement({
      to: 'romeo@example.net/orchard',
      id: 'richard2-4.1.247',
      kind: 'received',
    });
    expect(ack.attrs).toMatchObject({ to: 'romeo@example.net/orchard', type: 'chat' });
    expect(ack.getChild('received', NS_RECEIPTS)?.attrs.id).toBe('richard2-4.1.247');
    expect(ack.getChild('displayed')).toBeUndefined();
    expect(ack.getChild('body')).toBeUndefined();
    expect(ack.getChild('store', 'urn:xmpp:hints')).toBeDefined();
  });

  it('builds a displayed marker for a message, with a store hint and no body', () => {
    const ack = buildAcknowledgement({
      to: 'romeo@example.net',
      id: 'message-1',
      kind: 'displayed',
    });
    expect(ack.attrs).toMatchObject({ to: 'romeo@example.net', type: 'chat' });
    expect(ack.getChild('displayed', NS_CHAT_MARKERS)?.attrs.id).toBe('message-1');
    expect(ack.getChild('received')).toBeUndefined();
    expect(ack.getChild('body')).toBeUndefined();
    expect(ack.getChild('store', 'urn:xmpp:hints')).toBeDefined();
  });

  it('gives every acknowledgement its own stanza id, not the acknowledged one', () => {
    const a = buildAcknowledgement({ to: 'romeo@example.net', id: 'm1', kind: 'received' });
    const b = buildAcknowledgement({ to: 'romeo@example.net', id: 'm1', kind: 'received' });
    expect(a.attrs.id).toEqual(expect.any(String));
    expect(a.attrs.id).not.toBe('m1');
    expect(a.attrs.id).not.toBe(b.attrs.id);
  });

  it('round-trips through the parser as a receipt the peer can match', () => {
    const wire = parse(
      buildAcknowledgement({ to: 'romeo@example.net', id: 'm1', kind: 'received' }).toString(),
    );
    wire.attrs.from = OWN;
    expect(message(parseMessage(wire, OWN))).toMatchObject({ receivedId: 'm1', type: 'chat' });
  });
});

describe('parseDateTime', () => {
  it.each([
    ['1969-07-21T02:56:15Z', Date.UTC(1969, 6, 21, 2, 56, 15)],
    ['1969-07-20T21:56:15-05:00', Date.UTC(1969, 6, 21, 2, 56, 15)],
    ['2024-02-29T00:00:00.1Z', Date.UTC(2024, 1, 29, 0, 0, 0, 100)],
    ['2024-02-29T00:00:00.123456Z', Date.UTC(2024, 1, 29, 0, 0, 0, 123)],
    // Date.UTC would read year 99 as 1999; the stamp means the year 99.
    ['0099-01-01T00:00:00Z', new Date('0099-01-01T00:00:00Z').getTime()],
  ])('reads %s', (stamp, expected) => {
    expect(parseDateTime(stamp)).toBe(expected);
  });

  it.each([
    '',
    '2024-01-02',
    '2024-01-02 03:04:05Z',
    '2024-01-02T03:04:05',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:00+24:00',
    '20240101T000000Z',
  ])('refuses %j', (stamp) => {
    expect(parseDateTime(stamp)).toBeUndefined();
  });
});

describe('buildChatMessage', () => {
  it('builds a chat message with origin-id, markable and receipt request', () => {
    const built = buildChatMessage({ to: 'romeo@example.net', id: 'abc-1', body: 'Hi' });
    expect(built.toString()).toBe(
      '<message type="chat" to="romeo@example.net" id="abc-1"><body>Hi</body>' +
        `<origin-id xmlns="${NS_SID}" id="abc-1"/>` +
        `<markable xmlns="${NS_CHAT_MARKERS}"/>` +
        `<request xmlns="${NS_RECEIPTS}"/></message>`,
    );
  });

  it('builds a normal message when asked', () => {
    expect(
      buildChatMessage({ to: 'a@example.com', id: '1', body: 'x', type: 'normal' }).attrs.type,
    ).toBe('normal');
  });

  it('round-trips through the parser with the body unchanged', () => {
    const body = '<b>bold?</b> & "quotes" \'apostrophes\'\n  and 🎉';
    const built = buildChatMessage({ to: 'romeo@example.net', id: 'abc-2', body });
    const wire = parse(built.toString());
    wire.attrs.from = OWN;
    expect(message(parseMessage(wire, OWN))).toEqual({
      id: 'abc-2',
      from: OWN,
      to: 'romeo@example.net',
      type: 'chat',
      body,
      originId: 'abc-2',
      markable: true,
      receiptRequested: true,
    });
  });
});
