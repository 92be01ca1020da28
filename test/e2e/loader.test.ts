// dist/chatlet-loader.js: the bubble first, the rest of Chatlet only when wanted, and of that
// only what the page uses (dist/chatlet-embed.js and its chunks).
import { readdirSync } from 'node:fs';
import { xml } from '@xmpp/client';
import { E2E_DIST } from './global-setup';
import { expect, nextStanza, openHostPage, test } from './host-page';

/** The built chunk of a lazy part (`account`, `tabs`, `room`, `i18n-zh`), as the page requests it. */
function chunk(part: string): string {
  const found = readdirSync(E2E_DIST).filter((name) =>
    new RegExp(`^chatlet-${part}-[\\w-]+\\.js$`).test(name),
  );
  // Exactly one: a lazy part that is not a chunk of its own would make the checks below moot.
  expect(found).toHaveLength(1);
  return `/chatlet/${found[0]}`;
}

const loaderTag = (attributes: string) =>
  `<h1>Acme</h1><script src="/chatlet/chatlet-loader.js" data-service="{{service}}" ${attributes}></script>`;

test('first paint fetches only the loader; the first click fetches the embed module and nothing a visitor does not use', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = await xmppClient(agentUser!.jid, agentUser!.password);
  // A visitor kept between visits: a guest account, a made-up password once, then a token.
  const requested = await openHostPage(page, hostServer, {
    body: loaderTag(
      `data-domain="guest.localhost" data-anonymous data-support="${agentUser!.jid}" data-load="interaction"`,
    ),
  });
  const bubble = page.locator('chatlet-loader [part="launcher"]');
  await expect(bubble).toBeVisible();
  await page.waitForLoadState('load');
  const scripts = () => requested.filter((path) => path.startsWith('/chatlet/'));
  expect(scripts()).toEqual(['/chatlet/chatlet-loader.js']);
  expect(await page.evaluate(() => customElements.get('chatlet-widget'))).toBeUndefined();

  await bubble.click();
  // The full Chatlet takes over with the panel open, and the loader's bubble is gone.
  const input = page.locator('chatlet-widget chatlet-chat-pane [part="input"]');
  await expect(input).toBeVisible();
  await expect(page.locator('chatlet-loader')).toHaveCount(0);
  const received = nextStanza(agent, (s) => s.is('message') && !!s.getChildText('body'), 10_000);
  await input.fill('Hello from the loader');
  await input.press('Enter');
  expect((await received).getChildText('body')).toContain('Hello from the loader');
  // A support visitor's page: no contact list, no tabs' shared connection, no room code, no
  // SCRAM (the guest's one password login is PLAIN, then a token) and (in English) no Chinese.
  expect(scripts()).toEqual(['/chatlet/chatlet-loader.js', '/chatlet/chatlet-embed.js']);
  for (const part of ['account', 'tabs', 'room', 'i18n-zh', 'scram-sha-1']) {
    expect(scripts()).not.toContain(chunk(part));
  }
  expect(await page.evaluate(() => customElements.get('chatlet-contact-list'))).toBeUndefined();
  // The whole API is the global `Chatlet`, as with the classic script.
  expect(
    await page.evaluate(
      () =>
        (window as { Chatlet?: { defaultSession: { value: { status: { value: string } } } } })
          .Chatlet?.defaultSession.value.status.value,
    ),
  ).toBe('online');
});

test('a Chinese page fetches its words with the embed module, and the widget paints in Chinese from the first frame', async ({
  page,
  hostServer,
  freshUsers,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const requested = await openHostPage(page, hostServer, {
    body: loaderTag(
      `data-domain="anon.localhost" data-anonymous data-support="${agentUser!.jid}" data-locale="zh-CN" data-load="interaction"`,
    ),
  });
  // What the widget's first render says, caught the moment the element exists.
  const firstLabel = page.evaluate(async () => {
    await customElements.whenDefined('chatlet-widget');
    const widget = document.querySelector('chatlet-widget')!;
    await widget.updateComplete;
    return widget.shadowRoot!.querySelector('[part="launcher"]')!.getAttribute('aria-label');
  });
  await page.locator('chatlet-loader [part="launcher"]').click();
  expect(await firstLabel).toBe('关闭聊天');
  await expect(page.locator('chatlet-widget chatlet-chat-pane [part="input"]')).toHaveAttribute(
    'placeholder',
    '输入消息…',
  );
  const scripts = requested.filter((path) => path.startsWith('/chatlet/'));
  expect(scripts).toEqual([
    '/chatlet/chatlet-loader.js',
    '/chatlet/chatlet-embed.js',
    chunk('i18n-zh'),
  ]);
});

test('an account’s page fetches the contact list, the tabs’ code and SCRAM when it uses them', async ({
  page,
  hostServer,
  freshUsers,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  const requested = await openHostPage(page, hostServer, {
    body: loaderTag('data-domain="localhost" data-load="interaction"'),
  });
  await page.locator('chatlet-loader [part="launcher"]').click();
  const widget = page.locator('chatlet-widget');
  await widget.getByLabel('Address').fill(alice!.jid);
  await widget.getByLabel('Password').fill(alice!.password);
  await widget.getByRole('button', { name: 'Log in' }).click();
  // The list upgrades when its chunk is here, and shows the roster.
  await expect(
    widget.locator(`chatlet-contact-list [part="contact"][data-jid="${bob!.jid}"]`),
  ).toBeVisible();
  const scripts = requested.filter((path) => path.startsWith('/chatlet/'));
  expect(scripts.slice(0, 2)).toEqual(['/chatlet/chatlet-loader.js', '/chatlet/chatlet-embed.js']);
  // The form's password login fetches SCRAM; the pages after it sign in with a token.
  expect(scripts).toEqual(
    expect.arrayContaining([chunk('account'), chunk('tabs'), chunk('scram-sha-1')]),
  );
  expect(scripts).not.toContain(chunk('room'));
  expect(scripts).toHaveLength(5);
});

test('without a click the full bundle loads once the page is idle', async ({
  page,
  hostServer,
}) => {
  const requested = await openHostPage(page, hostServer, {
    body: loaderTag('data-domain="localhost" data-widget'),
  });
  await expect(page.locator('chatlet-widget [part="launcher"]')).toBeVisible();
  await expect(page.locator('chatlet-loader')).toHaveCount(0);
  expect(requested.filter((path) => path.startsWith('/chatlet/'))).toEqual([
    '/chatlet/chatlet-loader.js',
    '/chatlet/chatlet-embed.js',
  ]);
  // Closed: idle loading does not open the panel by itself.
  await expect(page.locator('chatlet-widget')).not.toHaveAttribute('open');
});

test('the loader shows the unread count from the account’s cache before loading anything', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [alice, bob] = await freshUsers(2, { group: 'Team' });
  // alice logs in once with the full script, and bob writes to her.
  await openHostPage(page, hostServer, {
    body: `<script src="/chatlet/chatlet.iife.js" data-service="{{service}}" data-domain="localhost" data-widget></script>`,
  });
  const widget = page.locator('chatlet-widget');
  await widget.locator('[part="launcher"]').click();
  await widget.getByLabel('Address').fill(alice!.jid);
  await widget.getByLabel('Password').fill(alice!.password);
  await widget.getByRole('button', { name: 'Log in' }).click();
  await expect(widget.locator('chatlet-contact-list')).toBeVisible();
  await widget.locator('[part="launcher"]').click();
  const bobClient = await xmppClient(bob!.jid, bob!.password);
  for (const text of ['one', 'two', 'three']) {
    await bobClient.send(xml('message', { to: alice!.jid, type: 'chat' }, xml('body', {}, text)));
  }
  await expect(widget.locator('[part="launcher-unread"]')).toHaveText('3');
  // The cache writes behind; the next page reads what is stored, so wait until it is.
  await expect
    .poll(() =>
      page.evaluate(
        (account) =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open(`chatlet:${account}`);
            open.onsuccess = () => {
              const all = open.result
                .transaction('conversations')
                .objectStore('conversations')
                .getAll();
              all.onsuccess = () => {
                open.result.close();
                resolve(all.result.reduce((sum, c: { unread: number }) => sum + c.unread, 0));
              };
            };
          }),
        alice!.jid,
      ),
    )
    .toBe(3);

  // Another day, a new tab, a page with only the loader: it shows 3 with nothing else loaded.
  // (In the same tab the loader would carry the session on at once: see the last test.)
  await page.close();
  const later = await page.context().newPage();
  const requested = await openHostPage(later, hostServer, {
    body: loaderTag('data-domain="localhost" data-load="interaction"'),
  });
  const bubble = later.locator('chatlet-loader [part="launcher"]');
  await expect(bubble.locator('[part="launcher-unread"]')).toHaveText('3');
  await expect(bubble).toHaveAttribute('aria-label', 'Open chat, 3 unread');
  expect(requested.filter((path) => path.startsWith('/chatlet/'))).toEqual([
    '/chatlet/chatlet-loader.js',
  ]);
});

test('on the next page of a conversation under way, the loader carries it on without a click', async ({
  page,
  hostServer,
  freshUsers,
  xmppClient,
}) => {
  const [agentUser] = await freshUsers(1, { prefix: 'agent' });
  const agent = await xmppClient(agentUser!.jid, agentUser!.password);
  const tag = loaderTag(
    `data-domain="guest.localhost" data-anonymous data-support="${agentUser!.jid}" data-load="interaction"`,
  );
  await openHostPage(page, hostServer, { body: tag });
  await page.locator('chatlet-loader [part="launcher"]').click();
  const input = page.locator('chatlet-widget chatlet-chat-pane [part="input"]');
  const received = nextStanza(agent, (s) => s.is('message') && !!s.getChildText('body'), 10_000);
  await input.fill('Hello, first page');
  await input.press('Enter');
  const visitor = (await received).attrs['from']!.split('/')[0]!;

  // The next page of the site, in the same tab.
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  hostServer.serve('/next-page.html', { body: tag });
  await page.goto(`${hostServer.origin}/next-page.html`);
  await expect(input).toBeVisible();
  expect(requested).toContain('/chatlet/chatlet-embed.js');
  await agent.send(
    xml('message', { to: visitor, type: 'chat' }, xml('body', {}, 'Hello again, visitor')),
  );
  await expect(
    page.locator('chatlet-widget chatlet-chat-pane [part="message"]').last(),
  ).toContainText('Hello again, visitor');
});
