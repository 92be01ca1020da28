// Scrolling back in a room: history.ts pages the room's own archive (XEP-0313 §4), and the room
// (room.ts) reads the results, wired as src/session.ts wires them.
import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHistory } from '../../src/history.js';
import { createIncoming } from '../../src/incoming.js';
import { createRoom } from '../../src/room.js';
import { conversationOf, createStore } from '../../src/store/store.js';
import { NS_MAM, NS_RSM } from '../../src/xmpp/mam.js';

const OWN = 'visitor@guest.example.com';
const ROOM = 'help@conference.example.com';
const START = Date.UTC(2026, 0, 15, 9, 0, 0);

/** Message `n` of the room's archive: id `r<n>`, said by Sam (Ann, the visitor, says every 10th). */
const said = (n: number) => ({
  id: `r${n}`,
  time: START + n * 1000,
  nick: n % 10 === 0 ? 'Ann' : 'Sam',
  body: `message ${n}`,
});
type Said = ReturnType<typeof said>;

/** `count` messages of the room's archive from `first` on. */
const archive = (count: number, first = 1) =>
  Array.from({ length: count }, (_, i) => said(first + i));

const groupchat = (m: Said, extra = '') =>
  `<message xmlns='jabber:client' from='${ROOM}/${m.nick}' type='groupchat' id='x-${m.id}'>
    <body>${m.body}</body>${extra}</message>`;

/** How the room replays a message on joining (XEP-0045 §7.2.15, as Prosody's muc_mam does). */
const replayed = (m: Said) =>
  parse(
    groupchat(
      m,
      `<delay xmlns='urn:xmpp:delay' from='${ROOM}' stamp='${new Date(m.time).toISOString()}'/>
       <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='${m.id}'/>`,
    ),
  );

/** The room, with an archive, answering queries addressed to it as Prosody's muc_mam does. */
function fakeRoomServer() {
  const server = {
    archive: [] as Said[],
    /** The most results the room sends per page, whatever the client asks. */
    maxPage: Infinity,
    /** What the next archive queries reject with, in order; `undefined` answers that query. */
    failures: [] as (Error | undefined)[],
    /** The archive queries asked: where to, and the RSM paging. */
    queries: [] as { to?: string; with?: string; before?: string; max: number }[],
    /** Hands a stanza to the session, as the connection would. */
    deliver: (_stanza: Element): void => undefined,
    async request(iq: Element): Promise<Element> {
      const query = iq.getChild('query', NS_MAM);
      if (!query) return parse(`<iq type='result'/>`); // the room's disco#info: no name
      const set = query.getChild('set', NS_RSM)!;
      const form = query.getChild('x', 'jabber:x:data')!;
      const withField = form.getChildren('field').find((f) => f.attrs.var === 'with');
      const asked = {
        to: iq.attrs.to as string | undefined,
        with: withField?.getChildText('value') ?? undefined,
        before: set.getChildText('before') ?? undefined,
        max: Number(set.getChildText('max')),
      };
      server.queries.push(asked);
      const failure = server.failures.shift();
      if (failure) throw failure;
      const end =
        asked.before === '' || asked.before === undefined
          ? server.archive.length
          : server.archive.findIndex((m) => m.id === asked.before);
      const page = server.archive.slice(
        Math.max(0, end - Math.min(asked.max, server.maxPage)),
        end,
      );
      for (const m of page) {
        server.deliver(
          parse(`<message from='${ROOM}' to='${OWN}/web'>
            <result xmlns='urn:xmpp:mam:2' queryid='${query.attrs.queryid}' id='${m.id}'>
              <forwarded xmlns='urn:xmpp:forward:0'>
                <delay xmlns='urn:xmpp:delay' stamp='${new Date(m.time).toISOString()}'/>
                ${groupchat(m)}
              </forwarded></result></message>`),
        );
      }
      const rsm = page.length ? `<first>${page[0]!.id}</first><last>${page.at(-1)!.id}</last>` : '';
      const complete = end - page.length === 0;
      return parse(`<iq type='result'><fin xmlns='urn:xmpp:mam:2' complete='${complete}'>
        <set xmlns='http://jabber.org/protocol/rsm'>${rsm}</set></fin></iq>`);
    },
  };
  return server;
}

/** A session's incoming side, history and one room, wired as src/session.ts wires them. */
function setup() {
  const server = fakeRoomServer();
  const state = createStore();
  state.account.value = OWN;
  state.status.value = 'online';
  state.rooms.value = new Set([ROOM]);
  const own = () => OWN;
  const incoming = createIncoming({
    store: state,
    cache: null,
    send: async () => undefined,
    policy: 'ask',
    own,
    archiveOf: (queryId) => history.archiveOf(queryId),
    onArchived: (queryId, result) => history.collect(queryId, result),
    onArchiveId: (archiveId) => history.seen(archiveId),
  });
  const history = createHistory({
    store: state,
    cache: null,
    connection: server,
    show: incoming.show,
    acknowledge: incoming.acknowledge,
    own,
    joined: (jid) => jid === ROOM && room.api.state.value === 'joined',
  });
  const room = createRoom({
    room: ROOM,
    nick: 'Ann',
    store: state,
    cache: null,
    send: async () => undefined,
    request: (iq) => server.request(iq),
    show: incoming.show,
    archiveOf: (queryId) => history.archiveOf(queryId),
    onArchived: (queryId, message) => history.collect(queryId, message ? { message } : {}),
    storage: () => sessionStorage,
  });
  // A room claims what comes from it; everything else is the account's.
  server.deliver = (stanza) => {
    if (!room.stanza(stanza)) incoming.stanza(stanza);
  };
  const conversation = conversationOf(state, ROOM);
  /** Joins: the room says we are in, replays the `replay` newest messages, then the subject. */
  const join = (replay: readonly Said[]) => {
    room.join();
    server.deliver(
      parse(`<presence from='${ROOM}/Ann'><x xmlns='http://jabber.org/protocol/muc#user'>
        <item affiliation='none' role='participant'/><status code='110'/></x></presence>`),
    );
    for (const m of replay) server.deliver(replayed(m));
    server.deliver(parse(`<message from='${ROOM}' type='groupchat'><subject/></message>`));
  };
  return {
    server,
    history,
    conversation,
    join,
    /** The bodies shown, in order. */
    bodies: () => conversation.messages.value.map((m) => m.body),
  };
}

const bodies = (list: readonly Said[]) => list.map((m) => m.body);

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('scrolling back in a room', () => {
  it('pages the room’s archive back from the oldest id the join replayed, each message once, in order', async () => {
    const { server, history, conversation, join, bodies: shown } = setup();
    server.archive = archive(60);
    server.maxPage = 25;
    join(server.archive.slice(-20));
    expect(shown()).toEqual(bodies(archive(20, 41)));

    await history.loadOlder(ROOM);
    expect(server.queries).toEqual([{ to: ROOM, before: 'r41', max: 50 }]);
    expect(conversation.complete.value).toBe(false);
    await history.loadOlder(ROOM);
    expect(server.queries.at(-1)).toEqual({ to: ROOM, before: 'r16', max: 50 });
    expect(conversation.complete.value).toBe(true);
    expect(conversation.olderError.value).toBeNull();
    expect(shown()).toEqual(bodies(archive(60)));

    // Labelled like live room messages: by nick, the visitor's own as sent.
    const messages = conversation.messages.value;
    expect(messages[0]).toMatchObject({
      direction: 'in',
      from: `${ROOM}/Sam`,
      type: 'groupchat',
      archiveId: 'r1',
      time: said(1).time,
    });
    expect(messages[9]).toMatchObject({ direction: 'out', from: `${ROOM}/Ann`, state: 'sent' });
    // Replayed before the visitor came: nothing is unread.
    expect(conversation.unread.value).toBe(0);
  });

  it('asks for the newest page when nothing is shown yet, and the join replay merges with it', async () => {
    const { server, history, conversation, join, bodies: shown } = setup();
    server.archive = archive(60);
    join([]);
    await history.loadOlder(ROOM);
    expect(server.queries).toEqual([{ to: ROOM, before: '', max: 50 }]);
    // The replay comes late (the same messages, from the room's history): each still once.
    for (const m of archive(20, 41)) server.deliver(replayed(m));
    expect(shown()).toEqual(bodies(archive(50, 11)));
    await history.loadOlder(ROOM);
    expect(server.queries.at(-1)).toMatchObject({ before: 'r11' });
    expect(shown()).toEqual(bodies(archive(60)));
    expect(conversation.complete.value).toBe(true);
  });

  it('shows that older messages could not be loaded, and Retry loads them', async () => {
    const { server, history, conversation, join, bodies: shown } = setup();
    server.archive = archive(30);
    join(server.archive.slice(-20));
    server.failures = [new Error('timeout')];
    await history.loadOlder(ROOM);
    expect(conversation.olderError.value).toBe('Older messages could not be loaded.');
    expect(conversation.complete.value).toBe(false);
    await history.loadOlder(ROOM);
    expect(conversation.olderError.value).toBeNull();
    expect(shown()).toEqual(bodies(archive(30)));
    expect(conversation.complete.value).toBe(true);
  });

  it('asks the room’s archive only once in the room, and never the own archive for it', async () => {
    const { server, history, conversation, join } = setup();
    server.archive = archive(30);
    await history.loadOlder(ROOM);
    expect(server.queries).toEqual([]);
    expect(conversation.complete.value).toBe(false);
    join(server.archive.slice(-20));
    await history.loadOlder(ROOM);
    expect(server.queries).toEqual([{ to: ROOM, before: 'r11', max: 50 }]);
  });

  it('takes nothing an own-server stanza without from says about the room’s query', async () => {
    const { server, history, join, bodies: shown } = setup();
    server.archive = archive(25);
    join(server.archive.slice(-20));
    const request = server.request.bind(server);
    server.request = async (iq) => {
      const queryId = iq.getChild('query', NS_MAM)?.attrs.queryid;
      if (queryId) {
        server.deliver(
          parse(`<message to='${OWN}/web'>
            <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='forged'>
              <forwarded xmlns='urn:xmpp:forward:0'>
                <delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>
                ${groupchat({ id: 'forged', time: 0, nick: 'Sam', body: 'I never said this' })}
              </forwarded></result></message>`),
        );
      }
      return request(iq);
    };
    await history.loadOlder(ROOM);
    expect(shown()).toEqual(bodies(archive(25)));
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringMatching(/dropped an archive result: .*not from the archive help@/),
      expect.any(String),
    );
  });
});
