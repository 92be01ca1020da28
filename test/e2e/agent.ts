// A support agent on a second real client, as the e2e tests of the embed use it.
import { type Client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { User } from './fixtures';

type XmppClient = (user: string, password?: string, options?: object) => Promise<Client>;

/** A logged-in support agent plus the visitors it has seen. */
export interface Agent {
  client: Client;
  /** Resolves with the JID of the next visitor who asks to see the agent's presence. */
  nextVisitor(): Promise<string>;
  /** Sends a chat message. */
  say(to: string, body: string): Promise<void>;
}

/**
 * Logs the agent in like a support desk's client: it accepts every presence subscription
 * (so visitors can see whether it is there) and is available unless `presence` is false.
 */
export async function supportAgent(
  xmppClient: XmppClient,
  agent: User,
  { presence = true } = {},
): Promise<Agent> {
  const client = await xmppClient(agent.jid, agent.password, { presence: false });
  const waiting: ((jid: string) => void)[] = [];
  const seen: string[] = [];
  client.on('stanza', (stanza: Element) => {
    if (stanza.is('presence') && stanza.attrs['type'] === 'subscribe') {
      const from = String(stanza.attrs['from']);
      void client.send(xml('presence', { to: from, type: 'subscribed' }));
      const resolve = waiting.shift();
      if (resolve) resolve(from);
      else seen.push(from);
    }
  });
  if (presence) await client.send(xml('presence'));
  return {
    client,
    nextVisitor: () => {
      const from = seen.shift();
      return from ? Promise.resolve(from) : new Promise((resolve) => waiting.push(resolve));
    },
    say: (to, body) => client.send(xml('message', { to, type: 'chat' }, xml('body', {}, body))),
  };
}

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MAM = 'urn:xmpp:mam:2';

/** A support agent in a support room (XEP-0045), as a support desk's client sits in it. */
export interface RoomAgent {
  client: Client;
  /** Every stanza the agent received from the room since it joined (presence and messages). */
  seen: Element[];
  /** Resolves with the next groupchat message with a body from someone else in the room. */
  nextMessage(timeout?: number): Promise<Element>;
  /** Says something in the room. */
  say(body: string): Promise<void>;
  /** The bodies in the room's archive (XEP-0313 query to the room), oldest first. */
  archive(): Promise<{ nick: string; body: string }[]>;
}

/**
 * Logs `agent` in and joins `room` as `nick`; resolves once the room has said the agent is in
 * (its own presence, status 110).
 */
export async function roomAgent(
  xmppClient: XmppClient,
  agent: User,
  room: string,
  nick = 'Sam',
): Promise<RoomAgent> {
  const client = await xmppClient(agent.jid, agent.password);
  const seen: Element[] = [];
  const waiting: ((stanza: Element) => void)[] = [];
  const queued: Element[] = [];
  let joined!: () => void;
  const inRoom = new Promise<void>((resolve) => (joined = resolve));
  client.on('stanza', (stanza: Element) => {
    const from = String(stanza.attrs['from'] ?? '');
    if (from.split('/')[0] !== room) return;
    seen.push(stanza);
    if (stanza.is('presence') && from === `${room}/${nick}`) joined();
    const fromOther = from !== `${room}/${nick}` && from.includes('/');
    if (stanza.is('message') && stanza.attrs['type'] === 'groupchat' && fromOther) {
      if (!stanza.getChildText('body') || stanza.getChild('delay', 'urn:xmpp:delay')) return;
      const resolve = waiting.shift();
      if (resolve) resolve(stanza);
      else queued.push(stanza);
    }
  });
  await client.send(
    xml(
      'presence',
      { to: `${room}/${nick}` },
      xml('x', { xmlns: NS_MUC }, xml('history', { maxstanzas: '0' })),
    ),
  );
  await inRoom;
  return {
    client,
    seen,
    nextMessage: (timeout = 10_000) => {
      const next = queued.shift();
      if (next) return Promise.resolve(next);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no room message within ${timeout} ms`)),
          timeout,
        );
        waiting.push((stanza) => {
          clearTimeout(timer);
          resolve(stanza);
        });
      });
    },
    say: (body) =>
      client.send(
        xml(
          'message',
          { to: room, type: 'groupchat', id: `a-${Date.now()}` },
          xml('body', {}, body),
        ),
      ),
    async archive() {
      const queryid = `q-${Date.now()}`;
      const found: { nick: string; body: string }[] = [];
      const onStanza = (stanza: Element) => {
        const result = stanza.getChild('result', NS_MAM);
        if (result?.attrs['queryid'] !== queryid) return;
        const message = result.getChild('forwarded', 'urn:xmpp:forward:0')?.getChild('message');
        const body = message?.getChildText('body');
        if (message && body) {
          found.push({ nick: String(message.attrs['from']).split('/').slice(1).join('/'), body });
        }
      };
      client.on('stanza', onStanza);
      try {
        await client.iqCaller.request(
          xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MAM, queryid })),
        );
      } finally {
        client.off('stanza', onStanza);
      }
      return found;
    },
  };
}
