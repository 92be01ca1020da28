import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionPolicy } from '../../src/api.js';
import { createIncoming, type Interpreted } from '../../src/incoming.js';
import {
  addMessages,
  conversationOf,
  createStore,
  findMessage,
  presenceOf,
  setRoster,
} from '../../src/store/store.js';
import type { Message } from '../../src/store/types.js';

const OWN = 'alice@example.com';

function setup(
  policy: SubscriptionPolicy = 'ask',
  archiveOf: (queryId: string) => string | undefined = () => undefined,
) {
  const store = createStore();
  store.account.value = OWN;
  const sent: Element[] = [];
  const onArchived = vi.fn<(queryId: string, result: Interpreted) => void>();
  const onArchiveId = vi.fn<(archiveId: string) => void>();
  const incoming = createIncoming({
    store,
    cache: null,
    send: async (stanza) => {
      sent.push(stanza);
    },
    policy,
    own: () => OWN,
    archiveOf,
    onArchived,
    onArchiveId,
  });
  return {
    store,
    sent,
    incoming,
    onArchived,
    onArchiveId,
    /** Handles a stanza written as XML text; the indentation around it is not part of it. */
    receive: (xml: string) => incoming.stanza(parse(xml.trim())),
  };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('incoming messages', () => {
  it('shows a chat message from a contact once, as unread', () => {
    const { store, receive } = setup();
    const xml = `<message from='Bob@Example.com/phone' to='${OWN}/web' type='chat' id='b1'>
      <body>Hi &lt;b&gt;Alice&lt;/b&gt;</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>`;
    receive(xml);
    receive(xml);
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value).toHaveLength(1);
    expect(conversation.messages.value[0]).toMatchObject({
      originId: 'o1',
      remoteId: 'b1',
      direction: 'in',
      body: 'Hi <b>Alice</b>',
      from: 'bob@example.com/phone',
    });
    expect(conversation.unread.value).toBe(1);
  });

  it('shows the sender’s time of a delayed message but keeps it in arrival order', () => {
    const { store, receive } = setup();
    receive(`<message from='bob@example.com/phone' type='chat' id='n1'><body>now</body></message>`);
    receive(`<message from='bob@example.com/phone' type='chat' id='d1'><body>late</body>
      <delay xmlns='urn:xmpp:delay' stamp='2001-01-02T03:04:05Z'/></message>`);
    const messages = conversationOf(store, 'bob@example.com').messages.value;
    expect(messages.map((m) => m.body)).toEqual(['now', 'late']);
    expect(messages[1]).toMatchObject({ stamp: Date.UTC(2001, 0, 2, 3, 4, 5) });
    expect(messages[1]!.time).toBeGreaterThanOrEqual(messages[0]!.time);
  });

  it('shows an error reply on the message it refers to', () => {
    const { store, receive } = setup();
    addMessages(store, [
      {
        id: 'm1',
        peer: 'bob@example.com',
        direction: 'out',
        body: 'hello',
        type: 'chat',
        time: 1,
        state: 'sent',
      },
    ]);
    receive(`<message from='bob@example.com' type='error' id='m1'>
      <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`);
    const [message] = conversationOf(store, 'bob@example.com').messages.value;
    expect(message!.state).toBe('failed');
    expect(message!.error).toContain('service-unavailable');
  });

  it('drops a malformed message and processes the next one', () => {
    const { store, receive } = setup();
    receive(`<message from='not a jid@@' type='chat'><body>bad</body></message>`);
    receive(`<message from='bob@example.com/x' type='chat' id='ok'><body>good</body></message>`);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(conversationOf(store, 'bob@example.com').messages.value.map((m) => m.body)).toEqual([
      'good',
    ]);
  });

  it('ignores messages without a body (chat states, receipts)', () => {
    const { store, receive } = setup();
    receive(
      `<message from='bob@example.com/x' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    );
    expect(store.conversations.size).toBe(0);
  });
});

/** Our message to Bob, as the server acknowledged it. */
const ours: Message = {
  id: 'x1',
  peer: 'bob@example.com',
  direction: 'out',
  body: 'Lunch at noon?',
  type: 'chat',
  time: 1,
  state: 'sent',
  originId: 'x1',
};

/** Bob's message, carbon-copied by the own server (`from`) after another device got it. */
const receivedCarbon = (from: string) => `
  <message from='${from}' to='${OWN}/web' type='chat'>
    <received xmlns='urn:xmpp:carbons:2'>
      <forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='bob@example.com/phone' to='${OWN}/phone'
                 type='chat' id='b7'>
          <body>Did you get my email?</body>
          <request xmlns='urn:xmpp:receipts'/>
        </message>
      </forwarded>
    </received>
  </message>`;

describe('incoming carbons (XEP-0280)', () => {
  it('shows a message another device of ours received as incoming and unread', () => {
    const { store, sent, receive } = setup();
    receive(receivedCarbon(OWN));
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value).toHaveLength(1);
    expect(conversation.messages.value[0]).toMatchObject({
      direction: 'in',
      body: 'Did you get my email?',
      from: 'bob@example.com/phone',
      remoteId: 'b7',
    });
    expect(conversation.unread.value).toBe(1);
    // The device that got it sends the receipt, not this one.
    expect(sent).toEqual([]);
  });

  it('shows a message another device of ours sent as ours, sent, in the conversation with the recipient', () => {
    const { store, receive } = setup();
    receive(`
      <message from='${OWN}' to='${OWN}/web' type='chat'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='${OWN}/phone' to='Bob@Example.com/desk'
                     type='chat' id='p1'>
              <body>Sent from my phone</body>
              <origin-id xmlns='urn:xmpp:sid:0' id='p1'/>
            </message>
          </forwarded>
        </sent>
      </message>`);
    expect(store.peers.value).toEqual(['bob@example.com']);
    const conversation = conversationOf(store, 'bob@example.com');
    expect(conversation.messages.value).toEqual([
      expect.objectContaining({
        id: 'p1',
        direction: 'out',
        state: 'sent',
        body: 'Sent from my phone',
      }),
    ]);
    expect(conversation.unread.value).toBe(0);
  });

  it('drops a carbon from another JID with a warning and processes the next stanza', () => {
    const { store, receive } = setup();
    receive(receivedCarbon('mallory@evil.example'));
    receive(`
      <message from='mallory@evil.example/x' to='${OWN}/web' type='chat'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='${OWN}/phone' to='bob@example.com' type='chat'>
              <body>I owe Mallory 100 EUR</body>
            </message>
          </forwarded>
        </sent>
      </message>`);
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toMatch(/dropped a carbon copy/);
    expect(store.conversations.size).toBe(0);
    receive(
      `<message from='bob@example.com/phone' type='chat' id='b8'><body>real</body></message>`,
    );
    expect(conversationOf(store, 'bob@example.com').messages.value.map((m) => m.body)).toEqual([
      'real',
    ]);
  });

  it('drops a carbon from the own full JID', () => {
    const { store, receive } = setup();
    receive(receivedCarbon(`${OWN}/phone`));
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(store.conversations.size).toBe(0);
  });
});

describe('incoming receipts and chat markers', () => {
  const receipt = (from: string, id = 'x1') => `
    <message from='${from}' to='${OWN}/web' id='r-${id}'>
      <received xmlns='urn:xmpp:receipts' id='${id}'/>
    </message>`;
  const displayed = (from: string, id = 'x1') => `
    <message from='${from}' to='${OWN}/web' type='chat' id='d-${id}'>
      <displayed xmlns='urn:xmpp:chat-markers:0' id='${id}'/>
    </message>`;
  const stateOfOurs = (store: ReturnType<typeof setup>['store']) =>
    findMessage(store, 'bob@example.com', ['x1'])!.state;

  it('marks our message delivered when the recipient’s receipt arrives', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(receipt('bob@example.com/phone'));
    expect(stateOfOurs(store)).toBe('delivered');
    expect(conversationOf(store, 'bob@example.com').messages.value).toHaveLength(1);
  });

  it('marks our message read when the recipient says it was displayed', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(displayed('Bob@Example.com/phone'));
    expect(stateOfOurs(store)).toBe('read');
  });

  it('marks our message delivered when the recipient’s receipt reaches another device of ours', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(`
      <message from='${OWN}' to='${OWN}/web'>
        <received xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='bob@example.com/phone' to='${OWN}/phone'>
              <received xmlns='urn:xmpp:receipts' id='x1'/>
            </message>
          </forwarded>
        </received>
      </message>`);
    expect(stateOfOurs(store)).toBe('delivered');
  });

  // XEP-0184 §5 and XEP-0333 refer to a 1:1 message by its stanza 'id' attribute. Chatlet
  // sends id = origin-id, but another client of the account may not.
  it('marks a message our other device sent delivered when the receipt names its stanza id', () => {
    const { store, receive } = setup();
    receive(`
      <message from='${OWN}' to='${OWN}/web' type='chat'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='${OWN}/phone' to='bob@example.com'
                     type='chat' id='stanza-7'>
              <body>From my phone</body>
              <origin-id xmlns='urn:xmpp:sid:0' id='origin-7'/>
              <request xmlns='urn:xmpp:receipts'/>
            </message>
          </forwarded>
        </sent>
      </message>`);
    receive(receipt('bob@example.com/desk', 'stanza-7'));
    expect(conversationOf(store, 'bob@example.com').messages.value[0]).toMatchObject({
      body: 'From my phone',
      state: 'delivered',
    });
  });

  it('ignores a receipt or marker from a third party for our message to someone else, with a warning', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(receipt('carol@example.com/laptop'));
    receive(displayed('carol@example.com/laptop'));
    expect(stateOfOurs(store)).toBe('sent');
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toMatch(
      /dropped a receipt from carol@example\.com for a message sent to bob@example\.com/,
    );
    expect(store.conversations.has('carol@example.com')).toBe(false);
  });

  it('never moves a read message back to delivered', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(displayed('bob@example.com/phone'));
    receive(receipt('bob@example.com/phone'));
    expect(stateOfOurs(store)).toBe('read');
  });

  it('clears the unread count when another device of ours displayed the peer’s messages', () => {
    const { store, receive } = setup();
    receive(`<message from='bob@example.com/phone' type='chat' id='b1'><body>hi</body></message>`);
    expect(store.unreadTotal.value).toBe(1);
    receive(`
      <message from='${OWN}' to='${OWN}/web'>
        <sent xmlns='urn:xmpp:carbons:2'>
          <forwarded xmlns='urn:xmpp:forward:0'>
            <message xmlns='jabber:client' from='${OWN}/phone' to='bob@example.com/phone' type='chat'>
              <displayed xmlns='urn:xmpp:chat-markers:0' id='b1'/>
            </message>
          </forwarded>
        </sent>
      </message>`);
    expect(store.unreadTotal.value).toBe(0);
  });

  it('sends a receipt to the sender’s device when a message asks for one', () => {
    const { sent, receive } = setup();
    receive(`
      <message from='Bob@Example.com/phone' to='${OWN}/web' type='chat' id='b9'>
        <body>Got it?</body>
        <request xmlns='urn:xmpp:receipts'/>
      </message>`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.attrs.to).toBe('bob@example.com/phone');
    expect(sent[0]!.getChild('received', 'urn:xmpp:receipts')?.attrs.id).toBe('b9');
    expect(sent[0]!.getChild('body')).toBeUndefined();
  });

  it('sends no receipt for a message that does not ask for one, or has no id to refer to', () => {
    const { sent, receive } = setup();
    receive(`<message from='bob@example.com/phone' type='chat' id='b1'><body>a</body></message>`);
    receive(`<message from='bob@example.com/phone' type='chat'><body>b</body>
      <request xmlns='urn:xmpp:receipts'/></message>`);
    expect(sent).toEqual([]);
  });
});

describe('incoming archive results (XEP-0313)', () => {
  /** An archive result for `queryId`; the archived message is `inner`. */
  const result = (queryId: string, inner: string, from = OWN) => `
    <message from='${from}' to='${OWN}/web'>
      <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='A1'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <delay xmlns='urn:xmpp:delay' stamp='2024-03-01T09:30:00Z'/>
          ${inner}
        </forwarded>
      </result>
    </message>`;
  const fromUs = `<message xmlns='jabber:client' from='${OWN}/phone' to='bob@example.com'
    type='chat' id='p1'><body>From the archive</body></message>`;
  const fromBob = `<message xmlns='jabber:client' from='bob@example.com/phone' to='${OWN}'
    type='chat' id='b1'><body>Also archived</body><origin-id xmlns='urn:xmpp:sid:0' id='bo1'/></message>`;
  const ownArchive = (queryId: string) => (queryId === 'q1' ? OWN : undefined);

  it('drops a result for a query never asked, with a warning', () => {
    const { store, onArchived, receive } = setup('ask', ownArchive);
    receive(result('forged', fromBob));
    expect(onArchived).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toMatch(/dropped an archive result/);
    expect(store.conversations.size).toBe(0);
  });

  it('drops a result for a running query from someone other than the archive', () => {
    const { onArchived, receive } = setup('ask', ownArchive);
    receive(result('q1', fromBob, 'bob@example.com'));
    expect(onArchived).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalledTimes(1);
  });

  it('hands our archived message to its query as outgoing to the recipient, at the archive’s time', () => {
    const { store, onArchived, receive } = setup('ask', ownArchive);
    receive(result('q1', fromUs));
    expect(onArchived).toHaveBeenCalledTimes(1);
    const [queryId, interpreted] = onArchived.mock.calls[0]!;
    expect(queryId).toBe('q1');
    expect(interpreted.message).toEqual({
      id: 'p1',
      peer: 'bob@example.com',
      direction: 'out',
      body: 'From the archive',
      type: 'chat',
      time: Date.UTC(2024, 2, 1, 9, 30),
      state: 'sent',
      archiveId: 'A1',
      originId: 'p1',
      remoteId: 'p1',
    });
    // The query's owner decides what to show; nothing is shown yet.
    expect(store.conversations.size).toBe(0);
  });

  it('hands the peer’s archived message to its query as incoming, known by the archive id', () => {
    const { onArchived, receive } = setup('ask', ownArchive);
    receive(result('q1', fromBob));
    expect(onArchived.mock.calls[0]![1].message).toMatchObject({
      id: 'A1',
      archiveId: 'A1',
      peer: 'bob@example.com',
      direction: 'in',
      from: 'bob@example.com/phone',
      originId: 'bo1',
      time: Date.UTC(2024, 2, 1, 9, 30),
    });
  });

  it('reports the own archive’s id of a live message', () => {
    const { store, onArchiveId, receive } = setup();
    receive(`
      <message from='bob@example.com/phone' to='${OWN}/web' type='chat' id='b1'>
        <body>Live</body>
        <stanza-id xmlns='urn:xmpp:sid:0' by='${OWN}' id='S1'/>
      </message>`);
    expect(onArchiveId).toHaveBeenCalledWith('S1');
    expect(conversationOf(store, 'bob@example.com').messages.value[0]).toMatchObject({
      archiveId: 'S1',
    });
  });

  it('ignores a stanza-id the sender put in a live message', () => {
    const { store, onArchiveId, receive } = setup();
    receive(`
      <message from='bob@example.com/phone' to='${OWN}/web' type='chat' id='b1'>
        <body>Live</body>
        <stanza-id xmlns='urn:xmpp:sid:0' by='bob@example.com' id='S999'/>
      </message>`);
    expect(onArchiveId).not.toHaveBeenCalled();
    expect(conversationOf(store, 'bob@example.com').messages.value[0]!.archiveId).toBeUndefined();
  });
});

describe('incoming error replies', () => {
  const bounce = (from: string, id: string) => `
    <message from='${from}' type='error' id='${id}'>
      <error type='cancel'>
        <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
      </error>
    </message>`;

  it('marks our message failed with the reason', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(bounce('bob@example.com', 'x1'));
    expect(findMessage(store, 'bob@example.com', ['x1'])).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('item-not-found'),
    });
  });

  it('ignores an error reply from someone other than the recipient, with a warning', () => {
    const { store, receive } = setup();
    addMessages(store, [ours]);
    receive(bounce('mallory@evil.example', 'x1'));
    expect(findMessage(store, 'bob@example.com', ['x1'])!.state).toBe('sent');
    expect(console.warn).toHaveBeenCalledTimes(1);
  });
});

describe('incoming presence', () => {
  it('gathers a burst of presences into one update', () => {
    const { store, receive } = setup();
    receive(
      `<presence from='bob@example.com/phone'><show>away</show><status>at lunch</status></presence>`,
    );
    receive(`<presence from='carol@example.com/desk'/>`);
    expect(presenceOf(store, 'bob@example.com').value.show).toBe('offline');
    vi.runAllTimers();
    expect(presenceOf(store, 'bob@example.com').value).toMatchObject({
      show: 'away',
      status: 'at lunch',
    });
    expect(presenceOf(store, 'carol@example.com').value.show).toBe('online');
    receive(`<presence from='bob@example.com/phone' type='unavailable'/>`);
    vi.runAllTimers();
    expect(presenceOf(store, 'bob@example.com').value.show).toBe('offline');
  });

  it('asks the user about a subscription request by default', () => {
    const { store, sent, receive } = setup('ask');
    receive(
      `<presence from='dave@example.com' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Dave</nick></presence>`,
    );
    expect(store.requests.value).toEqual([{ jid: 'dave@example.com', nick: 'Dave' }]);
    expect(sent).toHaveLength(0);
  });

  it('accepts and asks back under the accept policy', async () => {
    const { store, sent, receive } = setup('accept');
    receive(`<presence from='dave@example.com' type='subscribe'/>`);
    await vi.runAllTimersAsync();
    expect(store.requests.value).toEqual([]);
    expect(sent.map((s) => `${s.attrs['type']} ${s.attrs['to']}`)).toEqual([
      'subscribed dave@example.com',
      'subscribe dave@example.com',
    ]);
  });

  it('declines under the reject policy', async () => {
    const { sent, receive } = setup('reject');
    receive(`<presence from='dave@example.com' type='subscribe'/>`);
    await vi.runAllTimersAsync();
    expect(sent.map((s) => s.attrs['type'])).toEqual(['unsubscribed']);
  });

  it('accepts the other half of a contact the user added', async () => {
    const { store, sent, receive } = setup('ask');
    setRoster(store, [
      { jid: 'carol@example.com', groups: [], subscription: 'none', pending: true },
    ]);
    receive(`<presence from='carol@example.com' type='subscribe'/>`);
    await vi.runAllTimersAsync();
    expect(store.requests.value).toEqual([]);
    expect(sent.map((s) => s.attrs['type'])).toEqual(['subscribed']);
  });
});

describe('roster', () => {
  it('applies a push from the own account and refuses one from anyone else', () => {
    const { store, incoming } = setup();
    const push = (from: string, jid: string) =>
      incoming.rosterPush(
        parse(`<iq type='set' id='p' ${from}><query xmlns='jabber:iq:roster' ver='v2'>
          <item jid='${jid}' name='X' subscription='both'><group>Team</group></item></query></iq>`),
      );
    expect(push(`from='ALICE@example.com'`, 'bob@example.com')).toBe(true);
    const refused = push(`from='mallory@example.com/evil'`, 'evil@example.com');
    expect(refused).not.toBe(true);
    expect((refused as Element).is('error')).toBe(true);
    expect([...store.contacts.value.keys()]).toEqual(['bob@example.com']);
  });

  it('keeps the cached roster when the server says it is unchanged', () => {
    const { store, incoming } = setup();
    setRoster(store, [{ jid: 'bob@example.com', groups: [], subscription: 'both' }]);
    incoming.rosterResult(parse(`<iq type='result' id='r'/>`));
    expect(store.contacts.value.size).toBe(1);
  });
});
