import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { createIncoming } from '../../../src/incoming.js';
import { conversationOf, createStore } from '../../../src/store/store.js';
import { ownCopy, relayOf } from '../../../src/tabs/stanzas.js';
import { buildAcknowledgement, buildChatMessage } from '../../../src/xmpp/message.js';

const OWN = 'alice@example.com';
const nobodysQuery = () => false;

/** The incoming side of a tab's session, recording what it would send. */
function tab() {
  const store = createStore();
  store.account.value = OWN;
  const sent: Element[] = [];
  const incoming = createIncoming({
    store,
    cache: null,
    send: async (stanza) => void sent.push(stanza),
    policy: 'accept',
    own: () => OWN,
    archiveOf: () => undefined,
    onArchived: () => undefined,
    onArchiveId: () => undefined,
  });
  return { store, sent, incoming };
}

describe('relayOf', () => {
  it('relays a message without its receipt request, so only the leader answers it', () => {
    const message = parse(
      `<message from="bob@example.com/phone" id="m1" type="chat"><body>hi</body><request xmlns="urn:xmpp:receipts"/><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
    );
    const relay = relayOf(message, nobodysQuery);
    expect(relay.to).toBe('all');
    const copy = parse(relay.to === 'all' ? relay.xml : '');
    expect(copy.getChild('request', 'urn:xmpp:receipts')).toBeUndefined();
    expect(copy.getChild('markable', 'urn:xmpp:chat-markers:0')).toBeDefined();
    expect(copy.getChildText('body')).toBe('hi');
    // The leader's own copy is untouched.
    expect(message.getChild('request', 'urn:xmpp:receipts')).toBeDefined();

    // What the other tabs make of it: the message, and no receipt of their own.
    const follower = tab();
    follower.incoming.stanza(copy);
    expect(conversationOf(follower.store, 'bob@example.com').messages.value).toHaveLength(1);
    expect(follower.sent).toEqual([]);
  });

  it('keeps subscription presences with the leader and relays the rest', () => {
    for (const type of ['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']) {
      expect(
        relayOf(parse(`<presence from="bob@example.com" type="${type}"/>`), nobodysQuery),
      ).toEqual({ to: 'none' });
    }
    expect(relayOf(parse(`<presence from="bob@example.com/a"/>`), nobodysQuery).to).toBe('all');
    expect(
      relayOf(parse(`<presence from="bob@example.com/a" type="unavailable"/>`), nobodysQuery).to,
    ).toBe('all');
  });

  it("sends an archive result to the tab whose query it answers, and no other's anywhere", () => {
    const result = parse(
      `<message><result xmlns="urn:xmpp:mam:2" queryid="q1" id="a1"/></message>`,
    );
    expect(relayOf(result, (id) => id === 'q1')).toMatchObject({ to: 'query', queryId: 'q1' });
    expect(relayOf(result, nobodysQuery)).toEqual({ to: 'none' });
  });
});

describe('ownCopy', () => {
  it('shows a message another tab sent as the account’s own, sent, without answering it', () => {
    const follower = tab();
    const stanza = buildChatMessage({ to: 'bob@example.com', id: 'm1', body: 'from tab 2' });
    follower.incoming.stanza(ownCopy(stanza, OWN, `${OWN}/web`));
    follower.incoming.stanza(ownCopy(stanza, OWN, `${OWN}/web`));
    const messages = conversationOf(follower.store, 'bob@example.com').messages.value;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: 'm1',
      direction: 'out',
      state: 'sent',
      body: 'from tab 2',
    });
    expect(follower.sent).toEqual([]);
  });

  it('marks a conversation read where another tab said it was displayed', () => {
    const follower = tab();
    follower.incoming.stanza(
      parse(
        `<message from="bob@example.com/phone" id="b1" type="chat"><body>hi</body><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
      ),
    );
    const conversation = conversationOf(follower.store, 'bob@example.com');
    expect(conversation.unread.value).toBe(1);
    const marker = buildAcknowledgement({ to: 'bob@example.com', id: 'b1', kind: 'displayed' });
    follower.incoming.stanza(ownCopy(marker, OWN, `${OWN}/web`));
    expect(conversation.unread.value).toBe(0);
  });
});
