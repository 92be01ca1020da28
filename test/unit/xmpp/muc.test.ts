import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  buildGroupchat,
  buildJoin,
  buildLeave,
  buildRoomInfoQuery,
  type JoinError,
  joinProblem,
  type OccupantPresence,
  parseGroupchat,
  parseOccupantPresence,
  parseRoomName,
  type RoomMessage,
} from '../../../src/xmpp/muc.js';
import type { Parsed } from '../../../src/xmpp/result.js';

/** Parses a stanza written as XML text; the indentation around it is not part of it. */
const stanza = (text: string) => parse(text.trim());

const ROOM = 'help@conference.example.com';

function value<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.reason}`);
  return parsed.value;
}

function reason<T>(parsed: Parsed<T>): string {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason;
}

const occupant = (parsed: Parsed<OccupantPresence | JoinError>) => {
  const v = value(parsed);
  if (v.kind !== 'occupant') throw new Error(`expected an occupant, got ${v.kind}`);
  return v;
};

describe('buildJoin, buildLeave, buildGroupchat', () => {
  it('joins as room/nick with a muc <x/> asking for history', () => {
    expect(buildJoin(ROOM, 'Visitor 1234', 20).toString()).toBe(
      `<presence to="${ROOM}/Visitor 1234"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="20"/></x></presence>`,
    );
  });

  it('leaves with unavailable presence to room/nick', () => {
    expect(buildLeave(ROOM, 'Ann').toString()).toBe(
      `<presence to="${ROOM}/Ann" type="unavailable"/>`,
    );
  });

  it('sends a groupchat message whose id is also its origin-id', () => {
    expect(buildGroupchat(ROOM, 'm1', 'Hello <all>').toString()).toBe(
      `<message to="${ROOM}" type="groupchat" id="m1"><body>Hello &lt;all&gt;</body><origin-id xmlns="urn:xmpp:sid:0" id="m1"/></message>`,
    );
  });
});

describe('parseOccupantPresence', () => {
  it('reads the own occupant (110) with affiliation, role and the 201/210 codes', () => {
    const p = occupant(
      parseOccupantPresence(
        stanza(`
          <presence from='help@conference.example.com/Visitor 1234' to='v@guest.example.com/web'>
            <x xmlns='http://jabber.org/protocol/muc#user'>
              <item affiliation='none' role='participant'/>
              <status code='110'/><status code='210'/><status code='bogus'/>
            </x>
          </presence>`),
        ROOM,
      ),
    );
    expect(p).toEqual({
      kind: 'occupant',
      room: ROOM,
      nick: 'Visitor 1234',
      available: true,
      affiliation: 'none',
      role: 'participant',
      codes: [110, 210],
    });
  });

  it('reads an agent (member) with the real JID a non-anonymous room shows', () => {
    const p = occupant(
      parseOccupantPresence(
        stanza(`
          <presence from='HELP@conference.example.com/Ann'>
            <show>away</show>
            <x xmlns='http://jabber.org/protocol/muc#user'>
              <item affiliation='member' role='participant' jid='Ann@Example.com/desk'/>
            </x>
          </presence>`),
        ROOM,
      ),
    );
    expect(p.affiliation).toBe('member');
    expect(p.jid).toBe('ann@example.com/desk');
    expect(p.room).toBe(ROOM);
  });

  it('reads a leave, a kick (307) and a removal by shutdown (333)', () => {
    const leave = (codes: string) =>
      occupant(
        parseOccupantPresence(
          stanza(`
            <presence from='${ROOM}/Ann' type='unavailable'>
              <x xmlns='http://jabber.org/protocol/muc#user'>
                <item affiliation='member' role='none'/>${codes}
              </x>
            </presence>`),
          ROOM,
        ),
      );
    expect(leave('').available).toBe(false);
    expect(leave("<status code='307'/>").codes).toEqual([307]);
    expect(leave("<status code='333'/>").codes).toEqual([333]);
  });

  it('reads a nick change (303) with the new nick', () => {
    const p = occupant(
      parseOccupantPresence(
        stanza(`
          <presence from='${ROOM}/Ann' type='unavailable'>
            <x xmlns='http://jabber.org/protocol/muc#user'>
              <item affiliation='member' role='participant' nick='Ann (support)'/>
              <status code='303'/>
            </x>
          </presence>`),
        ROOM,
      ),
    );
    expect(p.newNick).toBe('Ann (support)');
  });

  it('reads a refused join: nick conflict, members-only', () => {
    const error = (condition: string) => {
      const v = value(
        parseOccupantPresence(
          stanza(`
            <presence from='${ROOM}/Ann' type='error'>
              <x xmlns='http://jabber.org/protocol/muc'/>
              <error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
            </presence>`),
          ROOM,
        ),
      );
      if (v.kind !== 'error') throw new Error('expected an error');
      return v.problem;
    };
    expect(error('conflict')).toBe('conflict');
    expect(error('registration-required')).toBe('members-only');
    expect(error('forbidden')).toBe('banned');
    expect(joinProblem('not-allowed')).toBe('no-room');
    expect(joinProblem('service-unavailable')).toBe('full');
    expect(joinProblem('bad-request')).toBe('other');
  });

  it('refuses presence about the room from anyone but the room', () => {
    const forged = (from: string) =>
      reason(
        parseOccupantPresence(
          stanza(`
            <presence from='${from}'>
              <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/></x>
            </presence>`),
          ROOM,
        ),
      );
    expect(forged('mallory@example.com/help')).toMatch(/not an occupant/);
    expect(forged('other@conference.example.com/Ann')).toMatch(/not an occupant/);
    // The room's own bare JID is not an occupant either.
    expect(forged(ROOM)).toMatch(/not an occupant/);
  });

  it('refuses unknown affiliations and roles, a missing item and a 303 without a nick', () => {
    const p = (inner: string, type = '') =>
      reason(
        parseOccupantPresence(
          stanza(`<presence from='${ROOM}/Ann' ${type}>${inner}</presence>`),
          ROOM,
        ),
      );
    const x = (item: string, extra = '') =>
      `<x xmlns='http://jabber.org/protocol/muc#user'>${item}${extra}</x>`;
    expect(p(x("<item affiliation='god' role='participant'/>"))).toMatch(/affiliation/);
    expect(p(x("<item affiliation='member' role='king'/>"))).toMatch(/role/);
    expect(p('')).toMatch(/without <x><item/);
    expect(
      p(
        x("<item affiliation='member' role='none'/>", "<status code='303'/>"),
        "type='unavailable'",
      ),
    ).toMatch(/303/);
    expect(p(x("<item affiliation='member' role='none'/>"), "type='subscribe'")).toMatch(/type/);
  });
});

describe('parseGroupchat', () => {
  const message = (attrs: string, inner: string) => stanza(`<message ${attrs}>${inner}</message>`);

  it('reads the nick, body, origin-id and the stanza-id the room put there', () => {
    const m: RoomMessage = value(
      parseGroupchat(
        message(
          `from='${ROOM}/Ann' type='groupchat' id='a1'`,
          `<body>How can I help?</body>
           <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
           <stanza-id xmlns='urn:xmpp:sid:0' by='mallory@example.com' id='fake'/>
           <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='arch-7'/>`,
        ),
        ROOM,
      ),
    );
    expect(m).toEqual({
      room: ROOM,
      nick: 'Ann',
      id: 'a1',
      body: 'How can I help?',
      originId: 'o1',
      stanzaId: 'arch-7',
    });
  });

  it('ignores a stanza-id by anyone but the room (an occupant cannot set it)', () => {
    const m = value(
      parseGroupchat(
        message(
          `from='${ROOM}/Mallory' type='groupchat'`,
          `<body>x</body><stanza-id xmlns='urn:xmpp:sid:0' by='guest.example.com' id='s'/>`,
        ),
        ROOM,
      ),
    );
    expect(m.stanzaId).toBeUndefined();
  });

  it('reads the subject from the room and the delay of history', () => {
    const m = value(
      parseGroupchat(
        message(
          `from='${ROOM}' type='groupchat'`,
          `<subject>Ask us anything</subject>
           <delay xmlns='urn:xmpp:delay' from='${ROOM}' stamp='2026-01-02T03:04:05Z'/>`,
        ),
        ROOM,
      ),
    );
    expect(m.nick).toBeUndefined();
    expect(m.subject).toBe('Ask us anything');
    expect(m.delay).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });

  it('refuses a groupchat message from anything but the joined room', () => {
    expect(
      reason(
        parseGroupchat(
          message(`from='other@conference.example.com/Ann' type='groupchat'`, '<body>x</body>'),
          ROOM,
        ),
      ),
    ).toMatch(/not from the room/);
    expect(
      reason(
        parseGroupchat(
          message(`from='mallory@example.com/help' type='groupchat'`, '<body>x</body>'),
          ROOM,
        ),
      ),
    ).toMatch(/not from the room/);
    expect(reason(parseGroupchat(message(`type='groupchat'`, '<body>x</body>'), ROOM))).toMatch(
      /not from the room/,
    );
    expect(
      reason(parseGroupchat(message(`from='${ROOM}/Ann' type='chat'`, '<body>x</body>'), ROOM)),
    ).toMatch(/not a groupchat/);
  });

  it('refuses an oversized body like any message', () => {
    expect(
      reason(
        parseGroupchat(
          message(`from='${ROOM}/Ann' type='groupchat'`, `<body>${'x'.repeat(70000)}</body>`),
          ROOM,
        ),
      ),
    ).toMatch(/limit/);
  });
});

describe('room name (disco#info)', () => {
  it('asks the room itself', () => {
    const iq = buildRoomInfoQuery(ROOM);
    expect(iq.attrs).toMatchObject({ type: 'get', to: ROOM });
    expect(iq.getChild('query', 'http://jabber.org/protocol/disco#info')).toBeDefined();
  });

  it('reads the name of the conference identity, trimmed', () => {
    const result = stanza(`
      <iq type='result' from='${ROOM}' id='d1'>
        <query xmlns='http://jabber.org/protocol/disco#info'>
          <identity category='directory' type='chatroom' name='Not this one'/>
          <identity category='conference' type='text' name='  Terracotta help desk '/>
          <feature var='http://jabber.org/protocol/muc'/>
        </query>
      </iq>`);
    expect(parseRoomName(result)).toBe('Terracotta help desk');
    expect(parseRoomName(result.getChild('query')!)).toBe('Terracotta help desk');
  });

  it('has no name when the room gives none', () => {
    const result = stanza(`
      <iq type='result' from='${ROOM}' id='d2'>
        <query xmlns='http://jabber.org/protocol/disco#info'>
          <identity category='conference' type='text'/>
        </query>
      </iq>`);
    expect(parseRoomName(result)).toBeNull();
    expect(parseRoomName(stanza(`<iq type='result' id='d3'/>`))).toBeNull();
  });
});
