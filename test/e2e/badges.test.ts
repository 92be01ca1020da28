// An intranet directory page: 300 presence badges on one page, one session, live updates.
import { xml } from '@xmpp/client';
import { expect, openHostPage, test } from './host-page';

const PEOPLE = 300;

type Authenticate = (credentials: Record<string, string>, mechanism: string) => Promise<void>;

test('300 presence badges on one page follow their people’s presence over one connection', async ({
  page,
  hostServer,
  server,
  freshUsers,
  xmppClient,
}, testInfo) => {
  test.setTimeout(90_000);
  const [viewer] = await freshUsers(1, { prefix: 'viewer' });
  // 300 colleagues, each a mutual contact of the viewer.
  const stamp = `${testInfo.workerIndex}x${Date.now().toString(36)}`;
  const people: { jid: string; password: string }[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const password = `p${i}-pw`;
    const jid = await server.prosody.register(`p${i}x${stamp}`, password);
    server.prosody.setRoster(jid, [{ jid: viewer!.jid, name: 'Viewer', groups: ['Company'] }]);
    people.push({ jid, password });
  }
  server.prosody.setRoster(
    viewer!.jid,
    people.map((p, i) => ({ jid: p.jid, name: `Person ${i}`, groups: ['Company'] })),
  );

  let sockets = 0;
  page.on('websocket', () => (sockets += 1));
  const badges = people
    .map(
      (p, i) =>
        `<li><chatlet-presence-badge jid="${p.jid}" name="Person ${i}"></chatlet-presence-badge> Person ${i}</li>`,
    )
    .join('');
  await openHostPage(page, hostServer, {
    body: `<main><h1>Directory</h1><ul>${badges}</ul></main>
      <script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="localhost" data-widget></script>`,
  });
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  await widget.getByLabel('Address').fill(viewer!.jid);
  await widget.getByLabel('Password').fill(viewer!.password);
  await widget.getByRole('button', { name: 'Log in' }).click();
  await expect(widget.locator('chatlet-contact-list')).toBeVisible();
  await widget.locator('[part="launcher"]').click();

  const badge = (show: string) => page.locator(`main li > chatlet-presence-badge[show="${show}"]`);
  await expect(badge('offline')).toHaveCount(PEOPLE);

  // Everyone comes online: a third away, a third busy, the rest available.
  const shows = people.map((_, i) => (i % 3 === 0 ? 'away' : i % 3 === 1 ? 'dnd' : undefined));
  const clients = [];
  for (let i = 0; i < PEOPLE; i += 25) {
    clients.push(
      ...(await Promise.all(
        people.slice(i, i + 25).map(async (p, j) => {
          // PLAIN: 300 SCRAM logins would spend a minute in Node computing PBKDF2.
          const client = await xmppClient(p.jid, p.password, {
            presence: false,
            credentials: (authenticate: Authenticate) =>
              authenticate({ username: p.jid.split('@')[0]!, password: p.password }, 'PLAIN'),
          });
          const show = shows[i + j];
          await client.send(xml('presence', {}, show ? xml('show', {}, show) : undefined));
          return client;
        }),
      )),
    );
  }
  await expect(badge('away')).toHaveCount(100, { timeout: 30_000 });
  await expect(badge('dnd')).toHaveCount(100);
  await expect(badge('online')).toHaveCount(100);

  // The away third comes back; the busy third logs off.
  await Promise.all(
    clients.map((client, i) =>
      i % 3 === 0
        ? client.send(xml('presence'))
        : i % 3 === 1
          ? client.send(xml('presence', { type: 'unavailable' }))
          : Promise.resolve(),
    ),
  );
  await expect(badge('online')).toHaveCount(200, { timeout: 30_000 });
  await expect(badge('offline')).toHaveCount(100);
  await expect(badge('away')).toHaveCount(0);
  expect(sockets).toBe(1);
});
