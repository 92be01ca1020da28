// Smoke test of the test infrastructure itself: the project's Prosody, its demo accounts and
// rosters, the three hosts, and the vite dev server's WebSocket proxy (from Chromium).

import { client, xml } from '@xmpp/client';
import { expect, nextStanza, test } from './fixtures';

const ROSTER = 'jabber:iq:roster';

test('a demo account logs in with SCRAM-SHA-1 over WebSocket', async ({ server }) => {
  const alice = client({
    service: server.service,
    domain: server.domain,
    username: 'alice',
    password: 'alice-demo',
  });
  const mechanisms: string[] = [];
  alice.on('send', (element) => {
    if (element.name === 'auth') mechanisms.push(element.attrs.mechanism ?? '');
  });
  alice.on('error', () => {});
  try {
    const jid = await alice.start();
    expect(jid.bare().toString()).toBe('alice@localhost');
    expect(mechanisms).toEqual(['SCRAM-SHA-1']);
  } finally {
    await alice.stop();
  }
});

test('alice has bob in group "Team" and support in "Support", not carol', async ({
  xmppClient,
}) => {
  const alice = await xmppClient('alice');
  const query = await alice.iqCaller.get(xml('query', { xmlns: ROSTER }));
  const items = Object.fromEntries(
    query.getChildren('item').map((item) => [
      item.attrs.jid,
      {
        subscription: item.attrs.subscription,
        name: item.attrs.name,
        groups: item.getChildren('group').map((group) => group.text()),
      },
    ]),
  );
  expect(items['bob@localhost']).toEqual({ subscription: 'both', name: 'Bob', groups: ['Team'] });
  expect(items['support@localhost']).toEqual({
    subscription: 'both',
    name: 'Support',
    groups: ['Support'],
  });
  expect(items['carol@localhost']).toBeUndefined();
});

test('alice sends bob a message and bob receives it', async ({ xmppClient }) => {
  const bob = await xmppClient('bob');
  const alice = await xmppClient('alice');
  const body = `hello ${Date.now()}`;
  const received = nextStanza(bob, (s) => s.is('message') && s.getChildText('body') === body);
  await alice.send(xml('message', { to: 'bob@localhost', type: 'chat' }, xml('body', {}, body)));
  const message = await received;
  expect(message.attrs.from?.startsWith('alice@localhost/')).toBe(true);
});

test('contacts see each other online (presence with a mutual subscription)', async ({
  xmppClient,
}) => {
  const bob = await xmppClient('bob');
  const seen = nextStanza(
    bob,
    (s) => s.is('presence') && !!s.attrs.from?.startsWith('dave@localhost/'),
  );
  await xmppClient('dave'); // sends initial presence
  const presence = await seen;
  expect(presence.attrs.type).toBeUndefined();
});

test('anonymous login on anon.localhost gets a fresh JID', async ({ anonymousClient, server }) => {
  const one = await anonymousClient();
  const two = await anonymousClient();
  expect(one.jid?.domain).toBe(server.anonDomain);
  expect(one.jid?.local).toBeTruthy();
  expect(one.jid?.bare().toString()).not.toBe(two.jid?.bare().toString());
});

test('in-band registration (XEP-0077) works on guest.localhost only', async ({
  server,
  xmppClient,
}) => {
  const register = async (domain: string, username: string, password: string) => {
    // A client that stops after stream features: registration happens before authentication.
    const ws = new WebSocket(server.service, ['xmpp']);
    const frames: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve());
      ws.addEventListener('error', () => reject(new Error('websocket error')));
    });
    const next = (match: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const found = frames.find((f) => match.test(f));
        if (found) return resolve(found);
        const timer = setTimeout(
          () => reject(new Error(`no ${match} in ${frames.join('\n')}`)),
          5000,
        );
        ws.addEventListener('message', function onMessage(event) {
          if (match.test(String(event.data))) {
            clearTimeout(timer);
            ws.removeEventListener('message', onMessage);
            resolve(String(event.data));
          }
        });
      });
    ws.addEventListener('message', (event) => frames.push(String(event.data)));
    ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`);
    await next(/<stream:features|<features/);
    ws.send(
      `<iq type="set" id="reg1" xmlns="jabber:client"><query xmlns="jabber:iq:register"><username>${username}</username><password>${password}</password></query></iq>`,
    );
    const reply = await next(/id=['"]reg1['"]/);
    ws.close();
    return reply;
  };

  const name = `guest${Date.now().toString(36)}`;
  const ok = await register(server.guestDomain, name, 'guest-pass');
  expect(ok).toMatch(/type=['"]result['"]/);
  const guest = await xmppClient(`${name}@${server.guestDomain}`, 'guest-pass');
  expect(guest.jid?.bare().toString()).toBe(`${name}@${server.guestDomain}`);

  const refused = await register(server.domain, `${name}x`, 'guest-pass');
  expect(refused).toMatch(/type=['"]error['"]/);
});

test('fresh users are isolated mutual contacts', async ({ freshUsers, xmppClient }) => {
  const [a, b] = await freshUsers(2, { group: 'Pair' });
  const clientA = await xmppClient(a.jid, a.password);
  const query = await clientA.iqCaller.get(xml('query', { xmlns: ROSTER }));
  const items = query.getChildren('item');
  expect(items.map((item) => item.attrs.jid)).toEqual([b.jid]);
  expect(items[0].attrs.subscription).toBe('both');
  expect(items[0].getChildText('group')).toBe('Pair');
});

test('the admin shell answers (prosodyctl shell)', async ({ server, xmppClient }) => {
  await xmppClient('carol');
  const out = await server.prosody.shell('c2s:show()');
  expect(out).toContain('carol@localhost');
});

test('a page on the vite server reaches Prosody through the /xmpp-websocket proxy', async ({
  page,
  server,
}) => {
  const response = await page.goto('/xmpp-websocket');
  expect(response?.ok()).toBe(true);
  await expect(page.locator('body')).toContainText('It works');
  const reply = await page.evaluate(async (domain) => {
    const ws = new WebSocket(`ws://${location.host}/xmpp-websocket`, ['xmpp']);
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stream features')), 5000);
      ws.onopen = () =>
        ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`);
      ws.onmessage = (event) => {
        if (String(event.data).includes('features')) {
          clearTimeout(timer);
          ws.close();
          resolve(String(event.data));
        }
      };
      ws.onerror = () => reject(new Error('websocket error'));
    });
  }, server.domain);
  expect(reply).toContain('SCRAM-SHA-1');
  expect(reply).toContain('PLAIN');
});
