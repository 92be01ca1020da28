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
