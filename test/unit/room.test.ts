import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { createRoom, visitorNick } from '../../src/room.js';
import { addMessages, createStore } from '../../src/store/store.js';
import type { Message } from '../../src/store/types.js';

const ROOM = 'help@conference.example.com';
const stanza = (text: string) => parse(text.trim());

/** sessionStorage as a plain map. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

function setup(storage = memoryStorage()) {
  const state = createStore();
  const sent: Element[] = [];
  /** The history's running queries (scrolling back), by id: the archive each went to. */
  const historyQueries = new Map<string, string>();
  /** What the room handed the history, in order. */
  const archived: [string, Message | undefined][] = [];
  const room = createRoom({
    room: ROOM,
    nick: 'Ann',
    store: state,
    cache: null,
    send: async (s) => void sent.push(s),
    request: async (iq) => {
      sent.push(iq);
      // The room's disco#info answer names it; anything else answers with the request.
      return iq.getChild('query', 'http://jabber.org/protocol/disco#info')
        ? stanza(`<query xmlns='http://jabber.org/protocol/disco#info'>
            <identity category='conference' type='text' name='Help desk'/></query>`)
        : iq;
    },
    show: (messages, read) => addMessages(state, messages, { read: !!read }),
    archiveOf: (queryId) => historyQueries.get(queryId),
    onArchived: (queryId, message) => void archived.push([queryId, message]),
    storage: () => storage,
  });
  const messages = () => state.conversations.get(ROOM)?.messages.value ?? [];
  return { state, sent, room, messages, storage, historyQueries, archived };
}

const occupant = (nick: string, affiliation: string, extra = '', type = '') =>
  stanza(`
    <presence from='${ROOM}/${nick}' ${type}>
      <x xmlns='http://jabber.org/protocol/muc#user'>
        <item affiliation='${affiliation}' role='participant'/>${extra}
      </x>
    </presence>`);

const self = (nick = 'Ann') => occupant(nick, 'none', "<status code='110'/>");

describe('createRoom', () => {
  it('joins, lists the agents and says support is there while one is', () => {
    const { room, sent } = setup();
    room.join();
    expect(sent[0]!.attrs.to).toBe(`${ROOM}/Ann`);
    expect(room.api.state.value).toBe('joining');
    room.stanza(occupant('Agent Smith', 'member'));
    room.stanza(occupant('Other visitor', 'none'));
    room.stanza(self());
    expect(room.api.state.value).toBe('joined');
    expect(room.api.nick.value).toBe('Ann');
    expect(room.api.staffPresent.value).toBe(true);
    room.stanza(occupant('Agent Smith', 'member', '', "type='unavailable'"));
    expect(room.api.staffPresent.value).toBe(false);
  });

  it('tries another nick when the nick is taken, then gives up with a reason', () => {
    const { room, sent } = setup();
    room.join();
    const conflict = (nick: string) =>
      stanza(`
        <presence from='${ROOM}/${nick}' type='error'>
          <error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
        </presence>`);
    room.stanza(conflict('Ann'));
    expect(sent[1]!.attrs.to).toBe(`${ROOM}/Ann (2)`);
    room.stanza(self('Ann (2)'));
    expect(room.api.nick.value).toBe('Ann (2)');

    const members = setup();
    members.room.join();
    members.room.stanza(
      stanza(`
        <presence from='${ROOM}/Ann' type='error'>
          <error type='auth'><registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
        </presence>`),
    );
    expect(members.room.api.state.value).toBe('error');
    expect(members.room.api.problem.value).toBe('members-only');
  });

  it('leaves a room its join created: a visitor must not own the support room', () => {
    const { room, sent } = setup();
    room.join();
    room.stanza(occupant('Ann', 'owner', "<status code='110'/><status code='201'/>"));
    expect(room.api.problem.value).toBe('no-room');
    expect(sent.at(-1)!.attrs.type).toBe('unavailable');
  });

  it('shows others as incoming with their nick, its own reflection once as sent', () => {
    const { room, state, messages } = setup();
    room.join();
    room.stanza(self());
    const mine: Message = {
      id: 'o-1',
      peer: ROOM,
      direction: 'out',
      body: 'Hello',
      type: 'groupchat',
      time: Date.now(),
      state: 'pending',
      originId: 'o-1',
    };
    addMessages(state, [mine], { read: true });
    room.stanza(
      stanza(`
        <message from='${ROOM}/Ann' type='groupchat' id='o-1'>
          <body>Hello</body><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/>
          <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='s-1'/>
        </message>`),
    );
    room.stanza(
      stanza(`
        <message from='${ROOM}/Agent Smith' type='groupchat' id='a-1'>
          <body>Hi, how can I help?</body>
          <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='s-2'/>
        </message>`),
    );
    expect(messages().map((m) => [m.direction, m.body, m.state, m.from])).toEqual([
      ['out', 'Hello', 'sent', undefined],
      ['in', 'Hi, how can I help?', undefined, `${ROOM}/Agent Smith`],
    ]);
    expect(messages()[0]!.archiveId).toBe('s-1');
    expect(state.conversations.get(ROOM)!.unread.value).toBe(1);
  });

  it('drops groupchat from another room and anything before joining', () => {
    const { room, messages } = setup();
    expect(
      room.stanza(
        stanza(
          `<message from='other@conference.example.com/X' type='groupchat'><body>x</body></message>`,
        ),
      ),
    ).toBe(false);
    room.stanza(stanza(`<message from='${ROOM}/X' type='groupchat'><body>early</body></message>`));
    expect(messages()).toEqual([]);
  });

  it('orders the join history by the room stamp and does not count it unread', () => {
    const { room, state, messages } = setup();
    room.join();
    room.stanza(self());
    room.stanza(
      stanza(`
        <message from='${ROOM}/Agent Smith' type='groupchat'>
          <body>Earlier answer</body>
          <delay xmlns='urn:xmpp:delay' from='${ROOM}' stamp='2026-01-02T03:04:05Z'/>
        </message>`),
    );
    room.stanza(stanza(`<message from='${ROOM}' type='groupchat'><subject/></message>`));
    expect(messages()[0]!.time).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(state.conversations.get(ROOM)!.unread.value).toBe(0);
  });

  it('counts unread what the join replays after the newest message it had: a reply written while the visitor was away', () => {
    const { room, state, messages } = setup();
    const before = Date.UTC(2026, 0, 2, 3, 0, 0);
    addMessages(
      state,
      [{ id: 'q', peer: ROOM, direction: 'out', body: 'Hello?', type: 'groupchat', time: before }],
      { read: true },
    );
    room.join();
    room.stanza(self());
    const replayed = (id: string, body: string, stamp: string) =>
      stanza(`
        <message from='${ROOM}/Agent Smith' type='groupchat'>
          <body>${body}</body>
          <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='${id}'/>
          <delay xmlns='urn:xmpp:delay' from='${ROOM}' stamp='${stamp}'/>
        </message>`);
    room.stanza(replayed('a1', 'Seen before', '2026-01-02T02:59:00Z'));
    room.stanza(replayed('a2', 'Answered meanwhile', '2026-01-02T04:00:00Z'));
    room.stanza(stanza(`<message from='${ROOM}' type='groupchat'><subject/></message>`));
    expect(messages().map((m) => m.body)).toEqual(['Seen before', 'Hello?', 'Answered meanwhile']);
    expect(state.conversations.get(ROOM)!.unread.value).toBe(1);
  });

  it('goes on in the same occupancy after a resume of the same session only', () => {
    const first = setup();
    first.room.join();
    first.room.stanza(occupant('Agent Smith', 'member'));
    first.room.stanza(self());
    first.room.keep('sm-1');

    const resumed = setup(first.storage);
    resumed.room.resumed('sm-1');
    // No join: only the room's name and a look in its archive for what the last page may not
    // have stored.
    expect(resumed.sent.map((s) => s.getChild('query')?.attrs.xmlns)).toEqual([
      'http://jabber.org/protocol/disco#info',
      'urn:xmpp:mam:2',
    ]);
    expect(resumed.sent.every((s) => s.attrs.to === ROOM)).toBe(true);
    expect(resumed.room.api.state.value).toBe('joined');
    expect(resumed.room.api.staffPresent.value).toBe(true);

    const other = setup(first.storage);
    other.room.resumed('sm-2');
    expect(other.sent.map((s) => s.attrs.to)).toEqual([`${ROOM}/Ann`]);
  });

  it('fills in from the room archive after a resume, taking only results of its own query', () => {
    const first = setup();
    first.room.join();
    first.room.stanza(self());
    first.room.keep('sm-1');
    const next = setup(first.storage);
    next.room.resumed('sm-1');
    const mam = next.sent.find((s) => s.getChild('query', 'urn:xmpp:mam:2'))!;
    const queryId = mam.getChild('query')!.attrs.queryid as string;
    const result = (id: string, from = ROOM, body = 'Missed answer') =>
      stanza(`
        <message from='${from}' to='v@guest.example.com/web'>
          <result xmlns='urn:xmpp:mam:2' queryid='${id}' id='arch-9'>
            <forwarded xmlns='urn:xmpp:forward:0'>
              <delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/>
              <message from='${ROOM}/Agent Smith' type='groupchat'><body>${body}</body></message>
            </forwarded>
          </result>
        </message>`);
    // Someone else's query id: refused, whatever it claims.
    next.room.stanza(result('not-ours', ROOM, 'Forged history'));
    next.room.stanza(result(queryId));
    expect(next.messages().map((m) => [m.body, m.archiveId])).toEqual([
      ['Missed answer', 'arch-9'],
    ]);
  });

  it('hands the history the pages of the room archive it asked for, each labelled with the nick', () => {
    const { room, messages, historyQueries, archived } = setup();
    room.join();
    room.stanza(self());
    historyQueries.set('h1', ROOM);
    historyQueries.set('own', 'v@guest.example.com');
    const result = (queryId: string, id: string, nick: string, body: string, from = ROOM) =>
      stanza(`
        <message from='${from}' to='v@guest.example.com/web'>
          <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='${id}'>
            <forwarded xmlns='urn:xmpp:forward:0'>
              <delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/>
              <message xmlns='jabber:client' from='${ROOM}/${nick}' type='groupchat' id='x-${id}'>
                <body>${body}</body>
              </message>
            </forwarded>
          </result>
        </message>`);
    room.stanza(result('h1', 'arch-1', 'Agent Smith', 'Hello, anyone there?'));
    room.stanza(result('h1', 'arch-2', 'Ann', 'Yes, me'));
    // Refused: a query nobody asked, an occupant answering for the room, a query to another
    // archive (the own account's) answered by the room.
    room.stanza(result('forged', 'arch-3', 'Agent Smith', 'Forged history'));
    room.stanza(result('h1', 'arch-4', 'Agent Smith', 'Forged too', `${ROOM}/Agent Smith`));
    room.stanza(result('own', 'arch-5', 'Agent Smith', 'Not this archive'));
    expect(
      archived.map(([queryId, m]) => [queryId, m?.direction, m?.from, m?.body, m?.archiveId]),
    ).toEqual([
      ['h1', 'in', `${ROOM}/Agent Smith`, 'Hello, anyone there?', 'arch-1'],
      ['h1', 'out', `${ROOM}/Ann`, 'Yes, me', 'arch-2'],
    ]);
    expect(archived[0]![1]).toMatchObject({
      id: 'arch-1',
      peer: ROOM,
      type: 'groupchat',
      time: Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    expect(archived[1]![1]).toMatchObject({ state: 'sent' });
    // The history places the page; the room shows none of it itself.
    expect(messages()).toEqual([]);
  });

  it('asks the room for its name once joined', async () => {
    const { room, sent } = setup();
    room.join();
    expect(room.api.name.value).toBeNull();
    room.stanza(self());
    expect(sent.filter((s) => s.getChild('query')).map((s) => s.attrs.to)).toEqual([ROOM]);
    await Promise.resolve();
    await Promise.resolve();
    expect(room.api.name.value).toBe('Help desk');
  });

  it('names a visitor without a name the same for one account', () => {
    expect(visitorNick('a@guest.example.com')).toMatch(/^Visitor \d{4}$/);
    expect(visitorNick('a@guest.example.com')).toBe(visitorNick('a@guest.example.com'));
  });
});
