import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  type ArchivedMessage,
  buildMamQuery,
  type MamFin,
  NS_MAM,
  NS_RSM,
  parseMamFin,
  parseMamResult,
} from '../../../src/xmpp/mam.js';
import type { Parsed } from '../../../src/xmpp/result.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

function value<T>(parsed: Parsed<T> | undefined): T {
  if (!parsed) throw new Error('expected a result, got undefined');
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

function reason<T>(parsed: Parsed<T> | undefined): string {
  if (!parsed) throw new Error('expected a rejection, got undefined');
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason;
}

/** The data form fields of a built query, by name. */
function fields(iq: Element): Record<string, string> {
  const form = iq.getChild('query', NS_MAM)!.getChild('x', 'jabber:x:data')!;
  return Object.fromEntries(
    form.getChildren('field').map((f) => [f.attrs.var, f.getChildText('value')]),
  );
}

/** The result set management element of a built query. */
const rsm = (iq: Element) => iq.getChild('query', NS_MAM)!.getChild('set', NS_RSM)!;

/** The own account's archive; the only archive asked in these tests is the own one. */
const OWN_ARCHIVE = 'alice@example.com';
const archiveOf = (queryId: string) => (queryId === 'q1' ? OWN_ARCHIVE : undefined);

/** Reads a result as the session does: a result without 'from' is from the own account. */
const read = (message: Element, archives: (queryId: string) => string | undefined = archiveOf) =>
  parseMamResult(message, archives, OWN_ARCHIVE);

/** A result of query `queryId` with the given attributes on the outer message. */
function result(options: {
  from?: string;
  queryId?: string;
  id?: string;
  delay?: string | null;
}): Element {
  const {
    from,
    queryId = 'q1',
    id = '28482-98726-73623',
    delay = '2010-07-10T23:08:25Z',
  } = options;
  return stanza(`
    <message ${from === undefined ? '' : `from='${from}'`} to='alice@example.com/web' id='aeb213'>
      <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' ${id ? `id='${id}'` : ''}>
        <forwarded xmlns='urn:xmpp:forward:0'>
          ${delay === null ? '' : `<delay xmlns='urn:xmpp:delay' stamp='${delay}'/>`}
          <message xmlns='jabber:client' from='bob@example.net/phone'
                   to='alice@example.com/web' type='chat' id='b1'>
            <body>Hail to thee</body>
          </message>
        </forwarded>
      </result>
    </message>`);
}

describe('buildMamQuery', () => {
  it('asks the own archive for one conversation in a time range, with a query id', () => {
    const iq = buildMamQuery({
      queryId: 'q1',
      with: 'bob@example.net',
      start: Date.UTC(2010, 5, 7, 0, 0, 0),
      end: Date.UTC(2010, 7, 7, 13, 23, 54),
      max: 50,
    });
    expect(iq.attrs).toEqual({ type: 'set' });
    expect(iq.getChild('query', NS_MAM)!.attrs.queryid).toBe('q1');
    expect(fields(iq)).toEqual({
      FORM_TYPE: NS_MAM,
      with: 'bob@example.net',
      start: '2010-06-07T00:00:00.000Z',
      end: '2010-08-07T13:23:54.000Z',
    });
    expect(rsm(iq).getChildText('max')).toBe('50');
  });

  it('marks FORM_TYPE hidden and submits the form', () => {
    const iq = buildMamQuery({ queryId: 'q1', max: 10 });
    const form = iq.getChild('query', NS_MAM)!.getChild('x', 'jabber:x:data')!;
    expect(form.attrs.type).toBe('submit');
    expect(form.getChildren('field')[0]!.attrs).toEqual({ var: 'FORM_TYPE', type: 'hidden' });
  });

  it('leaves out the filters not asked for', () => {
    const iq = buildMamQuery({ queryId: 'q1', max: 10 });
    expect(fields(iq)).toEqual({ FORM_TYPE: NS_MAM });
    expect(rsm(iq).children.map((c) => (c as Element).getName())).toEqual(['max']);
  });

  it('writes a start of the epoch (time 0) rather than dropping it', () => {
    expect(fields(buildMamQuery({ queryId: 'q1', start: 0, max: 1 })).start).toBe(
      '1970-01-01T00:00:00.000Z',
    );
  });

  it('asks for the page after an archive id when catching up', () => {
    const set = rsm(buildMamQuery({ queryId: 'q1', after: '09af3-cc343-b409f', max: 250 }));
    expect(set.getChildText('after')).toBe('09af3-cc343-b409f');
    expect(set.getChild('before')).toBeUndefined();
    expect(set.getChildText('max')).toBe('250');
  });

  it('asks for the page before an archive id when scrolling back', () => {
    const set = rsm(buildMamQuery({ queryId: 'q1', before: '09af3-cc343-b409f', max: 50 }));
    expect(set.getChildText('before')).toBe('09af3-cc343-b409f');
    expect(set.getChild('after')).toBeUndefined();
  });

  it('asks for the newest page with an empty <before/>', () => {
    const iq = buildMamQuery({ queryId: 'q1', before: '', max: 50 });
    expect(rsm(iq).toString()).toBe(`<set xmlns="${NS_RSM}"><max>50</max><before/></set>`);
  });

  it('addresses the query only when an archive is named', () => {
    expect(buildMamQuery({ queryId: 'q1', max: 1 }).attrs.to).toBeUndefined();
    expect(buildMamQuery({ queryId: 'q1', max: 1 }, 'room@muc.example.com').attrs.to).toBe(
      'room@muc.example.com',
    );
  });
});

describe('parseMamResult', () => {
  it('returns undefined for a message that is not an archive result', () => {
    const live = stanza(
      `<message from='bob@example.net/phone' type='chat'><body>hi</body></message>`,
    );
    expect(read(live)).toBeUndefined();
  });

  it('reads a result from the own archive sent without from', () => {
    const archived: ArchivedMessage = value(read(result({})));
    expect(archived).toMatchObject({
      queryId: 'q1',
      archiveId: '28482-98726-73623',
      stamp: Date.UTC(2010, 6, 10, 23, 8, 25),
    });
    expect(archived.message.attrs).toMatchObject({ from: 'bob@example.net/phone', id: 'b1' });
    expect(archived.message.getChildText('body')).toBe('Hail to thee');
  });

  it('reads a result from the own bare JID', () => {
    expect(value(read(result({ from: 'alice@example.com' }))).queryId).toBe('q1');
  });

  it('reads a result from the own bare JID written in another case', () => {
    const archived = value(read(result({ from: 'Alice@EXAMPLE.com' })));
    expect(archived.archiveId).toBe('28482-98726-73623');
  });

  it('refuses a result for a query never asked', () => {
    expect(reason(read(result({ queryId: 'forged' })))).toMatch(/unknown query 'forged'/);
  });

  it('refuses a result without a query id', () => {
    const bare = stanza(`
      <message from='alice@example.com'>
        <result xmlns='urn:xmpp:mam:2' id='a1'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
            <message from='bob@example.net/phone' type='chat'><body>x</body></message>
          </forwarded>
        </result>
      </message>`);
    expect(reason(read(bare))).toMatch(/unknown query ''/);
  });

  it('refuses a result for a known query from another JID', () => {
    expect(reason(read(result({ from: 'mallory@evil.example' })))).toMatch(
      /from mallory@evil\.example, not from the archive alice@example\.com/,
    );
  });

  it('refuses a result from the peer of the conversation', () => {
    expect(reason(read(result({ from: 'bob@example.net' })))).toMatch(/not from the archive/);
  });

  it('refuses a result from a device of the own account: the archive answers from the bare JID', () => {
    expect(reason(read(result({ from: 'alice@example.com/phone' })))).toMatch(
      /from alice@example\.com\/phone, not from the archive/,
    );
  });

  it('refuses a result from an invalid JID', () => {
    expect(reason(read(result({ from: 'alice@' })))).toMatch(/not from the archive/);
  });

  it('reads a result from another archive only when that archive was asked', () => {
    const room = (id: string) => (id === 'q1' ? 'room@muc.example.com' : undefined);
    expect(value(read(result({ from: 'room@muc.example.com' }), room)).queryId).toBe('q1');
    expect(reason(read(result({ from: 'alice@example.com' }), room))).toMatch(
      /not from the archive room@muc\.example\.com/,
    );
  });

  it('refuses a result without an archive id', () => {
    expect(reason(read(result({ id: '' })))).toMatch(/without an id/);
  });

  it('refuses a result without a forwarded message', () => {
    const empty = stanza(`
      <message from='alice@example.com'>
        <result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
          </forwarded>
        </result>
      </message>`);
    expect(reason(read(empty))).toMatch(/without a forwarded message/);
  });

  it('refuses a result without a forwarded element', () => {
    const empty = stanza(`
      <message from='alice@example.com'>
        <result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'/>
      </message>`);
    expect(reason(read(empty))).toMatch(/without a forwarded message/);
  });

  it('refuses a result without a delay stamp: its time in the history would be unknown', () => {
    expect(reason(read(result({ delay: null })))).toMatch(/without a valid <delay\/> stamp/);
  });

  it.each(['yesterday', '2010-02-30T00:00:00Z', '2010-07-10 23:08:25Z'])(
    'refuses a result with the invalid delay stamp %j',
    (delay) => {
      expect(reason(read(result({ delay })))).toMatch(/without a valid <delay\/> stamp/);
    },
  );
});

describe('a room’s archive (XEP-0313 §4, XEP-0045)', () => {
  const ROOM = 'coven@chat.shakespeare.lit';
  const rooms = (queryId: string) => (queryId === 'g27' ? ROOM : undefined);
  /** XEP-0313 §4's example result, from `from`. */
  const roomResult = (from: string | undefined, queryId = 'g27') =>
    stanza(`
      <message id='iasd207' ${from === undefined ? '' : `from='${from}'`} to='hag66@shakespeare.lit/pda'>
        <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='34482-21985-73620'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <delay xmlns='urn:xmpp:delay' stamp='2002-10-13T23:58:37Z'/>
            <message xmlns='jabber:client' from='${ROOM}/firstwitch'
                     id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2' type='groupchat'>
              <body>Thrice the brinded cat hath mew'd.</body>
            </message>
          </forwarded>
        </result>
      </message>`);

  it('asks the room for the page before an archive id, addressed to the room, for everyone', () => {
    const iq = buildMamQuery({ queryId: 'g27', before: '34482-21985-73620', max: 50 }, ROOM);
    expect(iq.attrs).toEqual({ type: 'set', to: ROOM });
    expect(iq.getChild('query', NS_MAM)!.attrs.queryid).toBe('g27');
    // No 'with': in a room's archive it would keep only one occupant's messages.
    expect(fields(iq)).toEqual({ FORM_TYPE: NS_MAM });
    expect(rsm(iq).toString()).toBe(
      `<set xmlns="${NS_RSM}"><max>50</max><before>34482-21985-73620</before></set>`,
    );
  });

  it('reads a result from the room for its query, with the occupant’s message as archived', () => {
    const archived = value(parseMamResult(roomResult(ROOM), rooms, 'hag66@shakespeare.lit'));
    expect(archived).toMatchObject({
      queryId: 'g27',
      archiveId: '34482-21985-73620',
      stamp: Date.UTC(2002, 9, 13, 23, 58, 37),
    });
    expect(archived.message.attrs.from).toBe(`${ROOM}/firstwitch`);
  });

  it('refuses a result for the room’s query from anyone but the room', () => {
    for (const from of [
      `${ROOM}/firstwitch`,
      'other@chat.shakespeare.lit',
      'hag66@shakespeare.lit',
    ]) {
      expect(reason(parseMamResult(roomResult(from), rooms, 'hag66@shakespeare.lit'))).toMatch(
        /not from the archive coven@chat\.shakespeare\.lit/,
      );
    }
  });

  it('refuses a result for the room’s query without from: that is the own account', () => {
    expect(reason(parseMamResult(roomResult(undefined), rooms, 'hag66@shakespeare.lit'))).toMatch(
      /from the own account \(no 'from'\), not from the archive coven@/,
    );
    expect(reason(parseMamResult(roomResult(undefined), rooms))).toMatch(/not from the archive/);
  });

  it('refuses a result from the room with a query id it was not asked', () => {
    expect(reason(parseMamResult(roomResult(ROOM, 'g28'), rooms))).toMatch(/unknown query 'g28'/);
  });
});

describe('parseMamFin', () => {
  const fin = (attrs: string, set: string) =>
    stanza(`
      <iq type='result' id='juliet1'>
        <fin xmlns='urn:xmpp:mam:2' ${attrs}>
          <set xmlns='http://jabber.org/protocol/rsm'>${set}</set>
        </fin>
      </iq>`);

  it('reads the last page: complete, with its first and last archive ids', () => {
    const parsed: MamFin = value(
      parseMamFin(
        fin(
          `complete='true'`,
          `<first index='0'>28482-98726-73623</first><last>09af3-cc343-b409f</last>`,
        ),
      ),
    );
    expect(parsed).toEqual({
      complete: true,
      first: '28482-98726-73623',
      last: '09af3-cc343-b409f',
    });
  });

  it('accepts complete=1 as true', () => {
    expect(value(parseMamFin(fin(`complete='1'`, ''))).complete).toBe(true);
  });

  it('reads a page with more after it as not complete', () => {
    expect(value(parseMamFin(fin('', `<first>a</first><last>b</last>`)))).toEqual({
      complete: false,
      first: 'a',
      last: 'b',
    });
    expect(value(parseMamFin(fin(`complete='false'`, ''))).complete).toBe(false);
  });

  it('reads an empty page without first or last', () => {
    expect(value(parseMamFin(fin(`complete='true'`, '')))).toEqual({ complete: true });
  });

  it('refuses a query result without <fin/>', () => {
    expect(reason(parseMamFin(stanza(`<iq type='result' id='juliet1'/>`)))).toMatch(
      /without <fin\/>/,
    );
  });

  it('refuses a fin in another namespace', () => {
    expect(
      reason(
        parseMamFin(stanza(`<iq type='result'><fin xmlns='urn:xmpp:mam:1' complete='true'/></iq>`)),
      ),
    ).toMatch(/without <fin\/>/);
  });
});
