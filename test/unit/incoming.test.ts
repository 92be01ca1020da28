import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionPolicy } from '../../src/api.js';
import { createIncoming } from '../../src/incoming.js';
import {
  addMessages,
  conversationOf,
  createStore,
  presenceOf,
  setRoster,
} from '../../src/store/store.js';

const OWN = 'alice@example.com';

function setup(policy: SubscriptionPolicy = 'ask') {
  const store = createStore();
  store.account.value = OWN;
  const sent: Element[] = [];
  const incoming = createIncoming({
    store,
    cache: null,
    send: async (stanza) => {
      sent.push(stanza);
    },
    policy,
    own: () => OWN,
    archiveOf: () => undefined,
    onArchived: () => undefined,
    onArchiveId: () => undefined,
  });
  return { store, sent, incoming, receive: (xml: string) => incoming.stanza(parse(xml)) };
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
