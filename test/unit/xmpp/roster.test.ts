import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  buildIqResult,
  buildRosterGet,
  buildRosterRemove,
  buildRosterSet,
  NS_ROSTER,
  parseRosterPush,
  parseRosterResult,
} from '../../../src/xmpp/roster.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

const OWN = 'juliet@example.com/balcony';

function expectRejected<T>(parsed: { ok: true; value: T } | { ok: false; reason: string }) {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason;
}

function value<T>(parsed: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

/** Serialises and re-parses a built iq, as the server would echo it back as a push. */
function asPush(iq: ReturnType<typeof buildRosterSet>) {
  return stanza(iq.toString());
}

describe('parseRosterResult', () => {
  it('parses version, names, groups, subscriptions and pending requests', () => {
    const iq = stanza(`
      <iq type='result' id='r1' to='${OWN}'>
        <query xmlns='jabber:iq:roster' ver='ver11'>
          <item jid='romeo@example.net' name='Romeo' subscription='both'>
            <group>Friends</group><group>Verona</group>
          </item>
          <item jid='Mercutio@Example.com' subscription='from'/>
          <item jid='benvolio@example.net' subscription='none' ask='subscribe'/>
          <item jid='nurse@example.com' subscription='to'/>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq))).toEqual({
      version: 'ver11',
      items: [
        {
          jid: 'romeo@example.net',
          name: 'Romeo',
          groups: ['Friends', 'Verona'],
          subscription: 'both',
          pending: false,
        },
        { jid: 'mercutio@example.com', groups: [], subscription: 'from', pending: false },
        { jid: 'benvolio@example.net', groups: [], subscription: 'none', pending: true },
        { jid: 'nurse@example.com', groups: [], subscription: 'to', pending: false },
      ],
    });
  });

  it('skips items with an invalid or missing jid', () => {
    const iq = stanza(`
      <iq type='result' id='r1'>
        <query xmlns='jabber:iq:roster'>
          <item jid='bad jid@example.com'/>
          <item name='No JID'/>
          <item jid='@example.com'/>
          <item jid='ok@example.com'/>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq)).items.map((i) => i.jid)).toEqual(['ok@example.com']);
  });

  it("skips items with subscription='remove'", () => {
    const iq = stanza(`
      <iq type='result' id='r1'>
        <query xmlns='jabber:iq:roster'>
          <item jid='gone@example.com' subscription='remove'/>
          <item jid='here@example.com' subscription='both'/>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq)).items.map((i) => i.jid)).toEqual(['here@example.com']);
  });

  it('dedupes groups and drops empty group names', () => {
    const iq = stanza(`
      <iq type='result' id='r1'>
        <query xmlns='jabber:iq:roster'>
          <item jid='a@example.com'>
            <group>Work</group><group></group><group>  </group><group>Work</group><group>Home</group>
          </item>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq)).items[0]?.groups).toEqual(['Work', 'Home']);
  });

  it('treats a missing or unknown subscription as none and an empty name as no name', () => {
    const iq = stanza(`
      <iq type='result' id='r1'>
        <query xmlns='jabber:iq:roster'>
          <item jid='a@example.com' name=''/>
          <item jid='b@example.com' subscription='sometimes'/>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq)).items).toEqual([
      { jid: 'a@example.com', groups: [], subscription: 'none', pending: false },
      { jid: 'b@example.com', groups: [], subscription: 'none', pending: false },
    ]);
  });

  it('keeps the first of two items for the same JID', () => {
    const iq = stanza(`
      <iq type='result' id='r1'>
        <query xmlns='jabber:iq:roster'>
          <item jid='a@example.com' name='First'/>
          <item jid='A@EXAMPLE.COM' name='Second'/>
        </query>
      </iq>`);
    expect(value(parseRosterResult(iq)).items.map((i) => i.name)).toEqual(['First']);
  });

  it('parses an empty roster', () => {
    const iq = stanza(`<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver='v1'/></iq>`);
    expect(value(parseRosterResult(iq))).toEqual({ version: 'v1', items: [] });
  });

  it('reports an empty result to a versioned get as unchanged', () => {
    const iq = stanza(`<iq type='result' id='r1'/>`);
    expect(value(parseRosterResult(iq))).toEqual({ items: [], unchanged: true });
  });

  it('rejects an error reply', () => {
    const iq = stanza(`
      <iq type='error' id='r1'>
        <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
      </iq>`);
    expect(expectRejected(parseRosterResult(iq))).toMatch(/error/);
  });

  it('rejects a stanza that is not an iq', () => {
    expect(expectRejected(parseRosterResult(stanza(`<message type='result'/>`)))).toMatch(
      /expected an iq/,
    );
  });
});

describe('parseRosterPush', () => {
  const push = (from: string | undefined, items: string) =>
    stanza(`
      <iq type='set' id='p1'${from === undefined ? '' : ` from='${from}'`}>
        <query xmlns='jabber:iq:roster' ver='ver12'>${items}</query>
      </iq>`);

  it('accepts a roster push without a from', () => {
    const parsed = parseRosterPush(
      push(undefined, `<item jid='nurse@example.com' name='Nurse'><group>Servants</group></item>`),
      OWN,
    );
    expect(value(parsed)).toEqual({
      version: 'ver12',
      item: {
        jid: 'nurse@example.com',
        name: 'Nurse',
        groups: ['Servants'],
        subscription: 'none',
        pending: false,
      },
    });
  });

  it('accepts a roster push from the own bare JID', () => {
    expect(parseRosterPush(push('juliet@example.com', `<item jid='a@example.com'/>`), OWN).ok).toBe(
      true,
    );
  });

  it('accepts a roster push from the own bare JID with different case', () => {
    expect(parseRosterPush(push('Juliet@EXAMPLE.com', `<item jid='a@example.com'/>`), OWN).ok).toBe(
      true,
    );
  });

  it('ignores a roster push from another JID', () => {
    const reason = expectRejected(
      parseRosterPush(push('mallory@evil.example', `<item jid='a@example.com'/>`), OWN),
    );
    expect(reason).toContain('mallory@evil.example');
  });

  it("ignores a roster push from the own account's server", () => {
    const reason = expectRejected(
      parseRosterPush(push('example.com', `<item jid='a@example.com'/>`), OWN),
    );
    expect(reason).toContain("'example.com'");
  });

  it('ignores a roster push from a full JID, even of the own account', () => {
    expect(
      parseRosterPush(push('juliet@example.com/other', `<item jid='a@example.com'/>`), OWN).ok,
    ).toBe(false);
  });

  it('carries a removal through as subscription remove', () => {
    const parsed = parseRosterPush(
      push(undefined, `<item jid='nurse@example.com' subscription='remove'/>`),
      OWN,
    );
    expect(value(parsed).item.subscription).toBe('remove');
  });

  it('rejects a push with no item or with two items', () => {
    expect(expectRejected(parseRosterPush(push(undefined, ''), OWN))).toMatch(/0 items/);
    expect(
      expectRejected(
        parseRosterPush(
          push(undefined, `<item jid='a@example.com'/><item jid='b@example.com'/>`),
          OWN,
        ),
      ),
    ).toMatch(/2 items/);
  });

  it('rejects a push whose item has an invalid jid', () => {
    expect(parseRosterPush(push(undefined, `<item jid='a b@example.com'/>`), OWN).ok).toBe(false);
  });

  it("rejects an iq that is not of type 'set'", () => {
    const iq = stanza(`<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>`);
    expect(expectRejected(parseRosterPush(iq, OWN))).toMatch(/type 'get'/);
  });

  it('rejects a set without a roster query', () => {
    const iq = stanza(
      `<iq type='set' id='1'><query xmlns='jabber:iq:private'><item jid='a@b'/></query></iq>`,
    );
    expect(expectRejected(parseRosterPush(iq, OWN))).toMatch(/no jabber:iq:roster query/);
  });
});

describe('buildRosterGet', () => {
  it('builds a get with a fresh id and no version', () => {
    const a = buildRosterGet();
    const b = buildRosterGet();
    expect(a.attrs.type).toBe('get');
    expect(a.attrs.id).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(a.attrs.id).not.toBe(b.attrs.id);
    expect(a.getChild('query', NS_ROSTER)?.attrs).toEqual({ xmlns: NS_ROSTER });
  });

  it('sends the cached version, including the empty one', () => {
    expect(buildRosterGet('ver9').getChild('query', NS_ROSTER)?.attrs.ver).toBe('ver9');
    expect(buildRosterGet('').getChild('query', NS_ROSTER)?.attrs.ver).toBe('');
  });
});

describe('buildRosterSet', () => {
  it('round-trips through the push parser', () => {
    const iq = buildRosterSet({
      jid: 'Romeo@Example.net',
      name: 'Romeo',
      groups: ['Friends', 'Friends', '', 'Verona'],
    });
    expect(iq.attrs.type).toBe('set');
    expect(iq.attrs.id).toBeTruthy();
    expect(value(parseRosterPush(asPush(iq), OWN)).item).toEqual({
      jid: 'romeo@example.net',
      name: 'Romeo',
      groups: ['Friends', 'Verona'],
      subscription: 'none',
      pending: false,
    });
  });

  it('omits an empty name', () => {
    const item = buildRosterSet({ jid: 'a@example.com', name: '', groups: [] })
      .getChild('query', NS_ROSTER)
      ?.getChild('item');
    expect(item?.attrs).toEqual({ jid: 'a@example.com' });
  });
});

describe('buildRosterRemove', () => {
  it('round-trips as a removal', () => {
    const iq = buildRosterRemove('nurse@example.com/x');
    expect(iq.attrs.type).toBe('set');
    expect(value(parseRosterPush(asPush(iq), OWN)).item).toMatchObject({
      jid: 'nurse@example.com',
      subscription: 'remove',
    });
  });
});

describe('buildIqResult', () => {
  it('answers an iq with the same id, addressed to its sender', () => {
    const iq = stanza(
      `<iq type='set' id='push-7' from='juliet@example.com'><query xmlns='jabber:iq:roster'/></iq>`,
    );
    expect(buildIqResult(iq).toString()).toBe(
      `<iq type="result" id="push-7" to="juliet@example.com"/>`,
    );
  });

  it('omits to when the iq had no from', () => {
    const iq = stanza(`<iq type='set' id='push-8'/>`);
    expect(buildIqResult(iq).attrs).toEqual({ type: 'result', id: 'push-8' });
  });
});
