import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Cache, openCache } from '../../src/cache/cache.js';
import { createHistory } from '../../src/history.js';
import { createIncoming } from '../../src/incoming.js';
import { conversationOf, createStore, prependMessages } from '../../src/store/store.js';
import { NS_MAM, NS_RSM } from '../../src/xmpp/mam.js';

const OWN = 'alice@example.com';
const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
/** When the tests run (the clock is fixed): archived messages are before or after it. */
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** One message in the server's archive. */
interface Archived {
  /** The archive's id (RSM uid). */
  id: string;
  /** When the server archived it. */
  time: number;
  /** The bare JID of the other party. */
  with: string;
  /** The message as archived. */
  xml: string;
}

/** A message from `peer` to us, archived with id `id` at `time`. */
const from = (peer: string, id: string, time: number, body = `${id} from ${peer}`): Archived => ({
  id,
  time,
  with: peer,
  xml: `<message xmlns='jabber:client' from='${peer}/phone' to='${OWN}/web' type='chat' id='s-${id}'>
      <body>${body}</body></message>`,
});

/** A message one of our devices sent to `peer`, archived with id `id` at `time`. */
const to = (peer: string, id: string, time: number): Archived => ({
  id,
  time,
  with: peer,
  xml: `<message xmlns='jabber:client' from='${OWN}/phone' to='${peer}' type='chat' id='o-${id}'>
      <body>${id} to ${peer}</body><origin-id xmlns='urn:xmpp:sid:0' id='o-${id}'/></message>`,
});

/** `count` messages alternating between `peers`, archived a second apart from `first` on. */
function conversation(count: number, peers: string[] = [BOB], first = 1, start = NOW - 86_400_000) {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return from(peers[i % peers.length]!, `a${n}`, start + n * 1000);
  });
}

/** The data form fields and RSM of a MAM query. */
function readQuery(iq: Element) {
  const query = iq.getChild('query', NS_MAM)!;
  const form = query.getChild('x', 'jabber:x:data')!;
  const fields = Object.fromEntries(
    form.getChildren('field').map((f) => [f.attrs.var as string, f.getChildText('value')!]),
  );
  const set = query.getChild('set', NS_RSM)!;
  return {
    queryId: query.attrs.queryid as string,
    with: fields.with,
    start: fields.start,
    end: fields.end,
    max: Number(set.getChildText('max')),
    after: set.getChildText('after') ?? undefined,
    before: set.getChildText('before') ?? undefined,
  };
}

/**
 * A server with an archive (XEP-0313 over XEP-0059): it answers each query the way Prosody
 * does, delivering the result messages to the session before the IQ result.
 */
function fakeServer() {
  const server = {
    archive: [] as Archived[],
    /** A broken server that answers a query for one conversation with every conversation. */
    ignoresWith: false,
    /** The most results the server sends per page, whatever the client asks. */
    maxPage: Infinity,
    /** What the next queries reject with, in order; `undefined` answers that query. */
    failures: [] as (Error | undefined)[],
    /** The queries asked, as read by the server. */
    queries: [] as ReturnType<typeof readQuery>[],
    /** Extra stanzas the server (or anyone) sends during the next query. */
    interlopers: [] as string[],
    /** Hands a stanza to the session, as the connection would. */
    deliver: (_stanza: Element): void => undefined,
    async request(iq: Element): Promise<Element> {
      const q = readQuery(iq);
      server.queries.push(q);
      const failure = server.failures.shift();
      if (failure) throw failure;
      const matching = server.archive
        .filter((m) => q.with === undefined || server.ignoresWith || m.with === q.with)
        .filter((m) => q.start === undefined || m.time >= Date.parse(q.start))
        .filter((m) => q.end === undefined || m.time <= Date.parse(q.end))
        .sort((a, b) => a.time - b.time);
      const max = Math.min(q.max, server.maxPage);
      let page: Archived[];
      let complete: boolean;
      if (q.before !== undefined) {
        const end =
          q.before === '' ? matching.length : matching.findIndex((m) => m.id === q.before);
        if (end < 0)
          throw Object.assign(new Error('item-not-found'), { condition: 'item-not-found' });
        page = matching.slice(Math.max(0, end - max), end);
        complete = end - page.length === 0;
      } else {
        const begin = q.after === undefined ? 0 : matching.findIndex((m) => m.id === q.after) + 1;
        if (begin === 0 && q.after !== undefined) {
          throw Object.assign(new Error('item-not-found'), { condition: 'item-not-found' });
        }
        page = matching.slice(begin, begin + max);
        complete = begin + page.length === matching.length;
      }
      for (const text of server.interlopers.splice(0)) server.deliver(parse(text.trim()));
      for (const m of page) {
        server.deliver(
          parse(`<message to='${OWN}/web'><result xmlns='urn:xmpp:mam:2' queryid='${q.queryId}' id='${m.id}'>
            <forwarded xmlns='urn:xmpp:forward:0'>
              <delay xmlns='urn:xmpp:delay' stamp='${new Date(m.time).toISOString()}'/>
              ${m.xml}
            </forwarded></result></message>`),
        );
      }
      const set = page.length
        ? `<first index='0'>${page[0]!.id}</first><last>${page.at(-1)!.id}</last>`
        : '';
      return parse(`<iq type='result' id='q'><fin xmlns='urn:xmpp:mam:2' complete='${complete}'>
          <set xmlns='http://jabber.org/protocol/rsm'>${set}</set></fin></iq>`);
    },
  };
  return server;
}

/** A session's history wired to its incoming side as src/session.ts wires them. */
function setup(options: { server?: ReturnType<typeof fakeServer>; cache?: Cache | null } = {}) {
  const { server = fakeServer(), cache = null } = options;
  const store = createStore();
  store.account.value = OWN;
  const own = () => OWN;
  const incoming = createIncoming({
    store,
    cache,
    send: async () => undefined,
    policy: 'ask',
    own,
    archiveOf: (queryId) => history.archiveOf(queryId),
    onArchived: (queryId, result) => history.collect(queryId, result),
    onArchiveId: (archiveId) => history.seen(archiveId),
  });
  const history = createHistory({
    store,
    cache,
    connection: server,
    show: incoming.show,
    acknowledge: incoming.acknowledge,
    own,
    joined: () => false,
  });
  server.deliver = incoming.stanza;
  return {
    store,
    server,
    history,
    /** Handles a stanza written as XML text, as the connection would. */
    receive: (xml: string) => incoming.stanza(parse(xml.trim())),
    /** The archive ids shown in a conversation, in order. */
    shownIds: (peer = BOB) => conversationOf(store, peer).messages.value.map((m) => m.archiveId),
    unread: (peer = BOB) => conversationOf(store, peer).unread.value,
  };
}

/** Ids `a<first>` … `a<last>`. */
const ids = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => `a${first + i}`);

/** A live message from Bob that the own server archived as `id`. */
const live = (id: string) => `
  <message from='${BOB}/phone' to='${OWN}/web' type='chat' id='s-${id}'>
    <body>${id} from ${BOB}</body>
    <stanza-id xmlns='urn:xmpp:sid:0' by='${OWN}' id='${id}'/>
  </message>`;

/** The memory cache Node gets (no IndexedDB here): the same code a browser falls back to. */
const memoryCache = () => openCache(OWN, { onFallback: () => undefined });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('catching up with the archive', () => {
  it('fetches only the newest page on a device’s first login, and marks none of it unread', async () => {
    const { server, history, shownIds, unread } = setup();
    server.archive = conversation(80);
    expect(await history.catchUp()).toBe(true);
    expect(server.queries).toEqual([expect.objectContaining({ before: '', max: 50 })]);
    expect(shownIds()).toEqual(ids(31, 80));
    expect(unread()).toBe(0);
  });

  it('pages forward from the last archive id until complete, showing each message once as unread', async () => {
    const { store, server, history, receive, shownIds, unread } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    // 320 more since (the first of them also seen live, now), and a server that pages by 100.
    server.archive.push(
      ...conversation(320, [BOB, CAROL], 4, NOW - 4000),
      to(BOB, 'a324', NOW + 400_000),
    );
    server.maxPage = 100;
    history.reset();
    receive(live('a4'));
    expect(await history.catchUp()).toBe(true);
    expect(server.queries.slice(1).map((q) => q.after)).toEqual(['a3', 'a103', 'a203', 'a303']);
    expect(shownIds(BOB)).toEqual([
      ...ids(1, 3),
      ...ids(4, 323).filter((_, i) => i % 2 === 0),
      'a324',
    ]);
    expect(shownIds(CAROL)).toEqual(ids(4, 323).filter((_, i) => i % 2 === 1));
    expect(unread(BOB)).toBe(160);
    expect(unread(CAROL)).toBe(160);
    expect(conversationOf(store, BOB).messages.value.at(-1)).toMatchObject({
      direction: 'out',
      state: 'sent',
    });
  });

  it('catches up by time after a first login found the archive empty', async () => {
    const cache = await memoryCache();
    const first = setup({ cache });
    expect(await first.history.catchUp()).toBe(true);
    // The page is reloaded a day later; meanwhile Bob wrote.
    vi.setSystemTime(NOW + 86_400_000);
    const server = fakeServer();
    server.archive = [from(BOB, 'a1', NOW + 1000, 'are you there?')];
    const second = setup({ cache, server });
    expect(await second.history.catchUp()).toBe(true);
    expect(server.queries).toEqual([
      expect.objectContaining({ start: new Date(NOW - 60_000).toISOString(), before: undefined }),
    ]);
    expect(second.shownIds()).toEqual(['a1']);
    expect(second.unread()).toBe(1);
  });

  it('continues next time from the archive id the last page ended with', async () => {
    const cache = await memoryCache();
    const server = fakeServer();
    server.archive = conversation(10);
    await setup({ cache, server }).history.catchUp();
    server.archive.push(...conversation(2, [BOB], 11));
    const next = setup({ cache, server });
    await next.history.catchUp();
    expect(server.queries.at(-1)).toMatchObject({ after: 'a10' });
    expect(next.shownIds()).toEqual(['a11', 'a12']);
  });

  it('moves the mark to a live message’s archive id once caught up', async () => {
    const { server, history, receive, shownIds } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    // Bob's next message comes live (now) and is archived as a4; a5 comes while offline.
    server.archive.push(...conversation(2, [BOB], 4, NOW - 4000));
    receive(live('a4'));
    await history.catchUp();
    expect(server.queries.at(-1)).toMatchObject({ after: 'a4' });
    expect(shownIds()).toEqual(ids(1, 5));
  });

  it('keeps the mark before a live message that arrives while catching up is not done', async () => {
    const { server, history, receive, shownIds } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    // A fresh session: messages a4 and a5 were archived while the link was down; a5 comes live.
    history.reset();
    server.archive.push(...conversation(2, [BOB], 4, NOW - 5000));
    receive(live('a5'));
    await history.catchUp();
    expect(server.queries.at(-1)).toMatchObject({ after: 'a3' });
    expect(shownIds()).toEqual(ids(1, 5));
  });

  it('puts a message the last page never stored after the one before it in the archive', async () => {
    const { server, history, receive, shownIds } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    // a4 came live 600 ms into the second; a5 came later in that second, and the page that
    // counted it was gone before storing it. The archive stamps both with the whole second.
    vi.setSystemTime(NOW + 600);
    receive(live('a4'));
    server.archive.push(from(BOB, 'a4', NOW), from(BOB, 'a5', NOW));
    history.reset();
    await history.catchUp();
    expect(shownIds()).toEqual(ids(1, 5));
  });

  it('shows a gap when a query fails, and fills it on retry', async () => {
    const { store, server, history, shownIds } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    server.archive.push(...conversation(300, [BOB], 4));
    server.maxPage = 100;
    server.failures = [new Error('timeout')];
    expect(await history.catchUp()).toBe(false);
    expect(store.historyGap.value).toEqual(expect.any(String));
    expect(await history.catchUp()).toBe(true);
    expect(store.historyGap.value).toBeNull();
    expect(shownIds()).toEqual(ids(1, 303));
  });

  it('resumes after a failed page from the last page it got, showing nothing twice', async () => {
    const { store, server, history, shownIds } = setup();
    server.archive = conversation(3);
    await history.catchUp();
    server.archive.push(...conversation(300, [BOB], 4));
    server.maxPage = 100;
    // The first page arrives; the second times out.
    server.failures = [undefined, new Error('timeout')];
    expect(await history.catchUp()).toBe(false);
    expect(store.historyGap.value).not.toBeNull();
    expect(shownIds()).toEqual(ids(1, 103));
    expect(await history.catchUp()).toBe(true);
    expect(server.queries.map((q) => q.after)).toEqual([undefined, 'a3', 'a103', 'a103', 'a203']);
    expect(shownIds()).toEqual(ids(1, 303));
    expect(conversationOf(store, BOB).unread.value).toBe(300);
  });

  it('shows no gap on a server without an archive', async () => {
    const { store, server, history } = setup();
    server.failures = [
      Object.assign(new Error('feature-not-implemented'), {
        condition: 'feature-not-implemented',
      }),
    ];
    expect(await history.catchUp()).toBe(false);
    expect(store.historyGap.value).toBeNull();
  });

  it('drops results for a query it did not ask', async () => {
    const { server, history, receive, shownIds } = setup();
    const spoofed = (queryId: string) => `
      <message to='${OWN}/web'><result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='x1'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>
          <message xmlns='jabber:client' from='${BOB}/phone' to='${OWN}/web' type='chat'>
            <body>I never said this</body></message>
        </forwarded></result></message>`;
    receive(spoofed('guessed'));
    server.archive = conversation(2);
    server.interlopers = [spoofed('another')];
    await history.catchUp();
    expect(shownIds()).toEqual(['a1', 'a2']);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });
});

describe('scrolling back through the archive', () => {
  it('loads the page before the oldest archive id shown, until the archive has no more', async () => {
    const { store, server, history, shownIds } = setup();
    // 100 messages from Bob and 100 from Carol; the first login shows the newest 25 of each.
    server.archive = conversation(200, [BOB, CAROL]);
    await history.catchUp();
    expect(shownIds()).toHaveLength(25);
    const oldest = shownIds()[0];

    const page = await history.older(BOB);
    expect(server.queries.at(-1)).toMatchObject({ with: BOB, before: oldest, max: 50 });
    expect(page.complete).toBe(false);
    expect(page.messages.map((m) => m.archiveId)).toEqual(
      ids(51, 149).filter((_, i) => i % 2 === 0),
    );
    expect(page.messages.every((m) => m.peer === BOB)).toBe(true);
    prependMessages(store, BOB, page.messages, page.complete);

    const last = await history.older(BOB);
    expect(server.queries.at(-1)).toMatchObject({ before: 'a51' });
    expect(last.complete).toBe(true);
    expect(last.messages.map((m) => m.archiveId)).toEqual(ids(1, 49).filter((_, i) => i % 2 === 0));
  });

  it('asks for messages before the oldest shown by time when none has an archive id', async () => {
    const { store, server, history } = setup();
    server.archive = conversation(3);
    const typed = NOW - 1000;
    store.account.value = OWN;
    prependMessages(
      store,
      BOB,
      [
        {
          id: 'm1',
          peer: BOB,
          direction: 'out',
          body: 'hi',
          type: 'chat',
          time: typed,
          state: 'pending',
        },
      ],
      false,
    );
    const page = await history.older(BOB);
    expect(server.queries).toEqual([
      expect.objectContaining({ with: BOB, before: '', end: new Date(typed - 1).toISOString() }),
    ]);
    expect(page).toMatchObject({ complete: true });
    expect(page.messages.map((m) => m.archiveId)).toEqual(ids(1, 3));
  });

  it('keeps only the conversation’s messages from an archive that sends others', async () => {
    const { server, history } = setup();
    server.archive = conversation(4, [BOB, CAROL]);
    server.ignoresWith = true;
    const page = await history.older(BOB);
    expect(page.messages.map((m) => m.archiveId)).toEqual(['a1', 'a3']);
  });
});
