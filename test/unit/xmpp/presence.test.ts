import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  buildPresence,
  buildProbe,
  buildSubscription,
  buildUnavailable,
  MAX_STATUS_LENGTH,
  NS_NICK,
  type PresenceEvent,
  parsePresence,
} from '../../../src/xmpp/presence.js';
import type { Parsed } from '../../../src/xmpp/result.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

function event(parsed: Parsed<PresenceEvent>): PresenceEvent {
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

function reason(parsed: Parsed<PresenceEvent>): string {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason;
}

/** Sends a built presence "over the wire" from `from` and parses what arrives. */
function roundTrip(el: ReturnType<typeof buildPresence>, from: string): PresenceEvent {
  const wire = parse(el.toString());
  wire.attrs.from = from;
  delete wire.attrs.to;
  return event(parsePresence(wire));
}

describe('parsePresence: available', () => {
  it('parses show, status, priority and nick with a normalised full from', () => {
    const p = stanza(`
      <presence from='Romeo@Example.net/Orchard'>
        <show>away</show>
        <status>In the garden</status>
        <priority>5</priority>
        <nick xmlns='http://jabber.org/protocol/nick'>Romeo</nick>
      </presence>`);
    expect(event(parsePresence(p))).toEqual({
      kind: 'available',
      from: 'romeo@example.net/Orchard',
      show: 'away',
      status: 'In the garden',
      priority: 5,
      nick: 'Romeo',
    });
  });

  it.each(['chat', 'away', 'xa', 'dnd'])('parses show %s', (show) => {
    const p = stanza(`<presence from='a@example.com/r'><show>${show}</show></presence>`);
    expect(event(parsePresence(p))).toMatchObject({ kind: 'available', show });
  });

  it('treats a presence without show as online with priority 0', () => {
    expect(event(parsePresence(stanza(`<presence from='a@example.com/r'/>`)))).toEqual({
      kind: 'available',
      from: 'a@example.com/r',
      show: 'online',
      priority: 0,
    });
  });

  it('treats an unknown show as online', () => {
    const p = stanza(`<presence from='a@example.com/r'><show>busy</show></presence>`);
    expect(event(parsePresence(p))).toMatchObject({ show: 'online' });
  });

  it.each([
    ['-128', -128],
    ['127', 127],
    ['+3', 3],
    ['128', 0],
    ['-129', 0],
    ['1.5', 0],
    ['high', 0],
    ['', 0],
    ['99999999999999999999', 0],
  ])('reads priority %j as %i', (text, expected) => {
    const p = stanza(`<presence from='a@example.com/r'><priority>${text}</priority></presence>`);
    expect(event(parsePresence(p))).toMatchObject({ priority: expected });
  });

  it('truncates a status longer than 1024 characters', () => {
    const long = 'x'.repeat(5000);
    const p = stanza(`<presence from='a@example.com/r'><status>${long}</status></presence>`);
    const e = event(parsePresence(p));
    expect(e.kind === 'available' && e.status).toBe('x'.repeat(MAX_STATUS_LENGTH));
  });

  it('prefers the status without xml:lang', () => {
    const p = stanza(`
      <presence from='a@example.com/r'>
        <status xml:lang='fr'>Absent</status>
        <status>Away</status>
      </presence>`);
    expect(event(parsePresence(p))).toMatchObject({ status: 'Away' });
  });

  it('keeps status markup as literal text', () => {
    const p = stanza(
      `<presence from='a@example.com/r'><status>&lt;b&gt;hi&lt;/b&gt; &amp;amp;</status></presence>`,
    );
    expect(event(parsePresence(p))).toMatchObject({ status: '<b>hi</b> &amp;' });
  });
});

describe('parsePresence: other types', () => {
  it('parses unavailable with its status', () => {
    const p = stanza(
      `<presence type='unavailable' from='a@Example.com/r'><status>Bye</status></presence>`,
    );
    expect(event(parsePresence(p))).toEqual({
      kind: 'unavailable',
      from: 'a@example.com/r',
      status: 'Bye',
    });
  });

  it('parses unavailable without a status', () => {
    const p = stanza(`<presence type='unavailable' from='a@example.com/r'/>`);
    expect(event(parsePresence(p))).toEqual({ kind: 'unavailable', from: 'a@example.com/r' });
  });

  it.each(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed'] as const)(
    'parses %s with a bare from',
    (type) => {
      const p = stanza(`<presence type='${type}' from='Romeo@example.net/orchard'/>`);
      expect(event(parsePresence(p))).toEqual({ kind: type, from: 'romeo@example.net' });
    },
  );

  it('carries the XEP-0172 nick of a subscription request', () => {
    const p = stanza(`
      <presence type='subscribe' from='romeo@example.net'>
        <nick xmlns='http://jabber.org/protocol/nick'>Romeo M.</nick>
      </presence>`);
    expect(event(parsePresence(p))).toEqual({
      kind: 'subscribe',
      from: 'romeo@example.net',
      nick: 'Romeo M.',
    });
  });

  it('ignores a nick element in another namespace', () => {
    const p = stanza(
      `<presence type='subscribe' from='r@example.net'><nick>Fake</nick></presence>`,
    );
    expect(event(parsePresence(p))).toEqual({ kind: 'subscribe', from: 'r@example.net' });
  });

  it('parses an error presence with its condition', () => {
    const p = stanza(`
      <presence type='error' from='nobody@example.com'>
        <error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
      </presence>`);
    expect(event(parsePresence(p))).toEqual({
      kind: 'error',
      from: 'nobody@example.com',
      error: { type: 'cancel', condition: 'remote-server-not-found' },
    });
  });

  it('gives an error presence without an error element an undefined condition', () => {
    const p = stanza(`<presence type='error' from='nobody@example.com'/>`);
    expect(event(parsePresence(p))).toMatchObject({ error: { condition: 'undefined-condition' } });
  });

  it('parses a probe', () => {
    const p = stanza(`<presence type='probe' from='Example.com'/>`);
    expect(event(parsePresence(p))).toEqual({ kind: 'probe', from: 'example.com' });
  });
});

describe('parsePresence: rejections', () => {
  it('rejects a presence without from', () => {
    expect(reason(parsePresence(stanza(`<presence/>`)))).toMatch(/no from/);
  });

  it('rejects a presence from an invalid JID', () => {
    expect(reason(parsePresence(stanza(`<presence from='a b@example.com'/>`)))).toMatch(
      /invalid JID/,
    );
  });

  it('rejects an unknown type', () => {
    expect(
      reason(parsePresence(stanza(`<presence type='invisible' from='a@example.com'/>`))),
    ).toMatch(/unknown type 'invisible'/);
  });

  it('rejects a stanza that is not a presence', () => {
    expect(reason(parsePresence(stanza(`<message from='a@example.com'/>`)))).toMatch(
      /expected a presence/,
    );
  });
});

describe('buildPresence', () => {
  it('omits show, status and priority for plain online', () => {
    expect(buildPresence({ show: 'online' }).toString()).toBe('<presence/>');
  });

  it.each(['chat', 'away', 'xa', 'dnd', 'online'] as const)('round-trips show %s', (show) => {
    const built = buildPresence({ show, status: 'Working', priority: 10 });
    expect(built.attrs.type).toBeUndefined();
    expect(roundTrip(built, 'me@example.com/web')).toEqual({
      kind: 'available',
      from: 'me@example.com/web',
      show,
      status: 'Working',
      priority: 10,
    });
  });

  it('clamps the priority into -128..127', () => {
    expect(buildPresence({ show: 'online', priority: 500 }).getChildText('priority')).toBe('127');
    expect(buildPresence({ show: 'online', priority: -500 }).getChildText('priority')).toBe('-128');
    expect(buildPresence({ show: 'online', priority: 2.7 }).getChildText('priority')).toBe('2');
  });

  it('escapes markup in the status', () => {
    const built = buildPresence({ show: 'away', status: '<b>out</b> & about' });
    expect(built.toString()).toContain('<status>&lt;b&gt;out&lt;/b&gt; &amp; about</status>');
  });
});

describe('buildUnavailable', () => {
  it('round-trips with a status', () => {
    expect(roundTrip(buildUnavailable('Gone home'), 'me@example.com/web')).toEqual({
      kind: 'unavailable',
      from: 'me@example.com/web',
      status: 'Gone home',
    });
  });

  it('builds a bare unavailable presence without a status', () => {
    expect(buildUnavailable().toString()).toBe('<presence type="unavailable"/>');
  });
});

describe('buildSubscription', () => {
  it.each(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed'] as const)(
    'addresses %s to the bare JID',
    (type) => {
      const built = buildSubscription(type, 'Romeo@Example.net/orchard');
      expect(built.attrs).toEqual({ type, to: 'romeo@example.net' });
    },
  );

  it('round-trips a subscription request with a nick', () => {
    const built = buildSubscription('subscribe', 'romeo@example.net', 'Juliet');
    expect(built.getChild('nick', NS_NICK)?.getText()).toBe('Juliet');
    expect(roundTrip(built, 'juliet@example.com/balcony')).toEqual({
      kind: 'subscribe',
      from: 'juliet@example.com',
      nick: 'Juliet',
    });
  });
});

describe('buildProbe', () => {
  it('round-trips as a probe to the bare JID', () => {
    const built = buildProbe('Romeo@example.net/orchard');
    expect(built.attrs).toEqual({ type: 'probe', to: 'romeo@example.net' });
    expect(roundTrip(built, 'juliet@example.com')).toEqual({
      kind: 'probe',
      from: 'juliet@example.com',
    });
  });
});
