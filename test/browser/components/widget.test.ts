import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import type { ChatletWidget } from '../../../src/components/index.js';
import { defaultConnectOptions, defaultSession } from '../../../src/default-session.js';
import { addMessages, setRoster, setStatus } from '../../../src/store/store.js';
import {
  contact,
  createFakeSession,
  type FakeSession,
  message,
  mount,
  until,
} from '../fake-session.js';

async function widget(session: FakeSession | null, attributes: Record<string, string> = {}) {
  const element = document.createElement('chatlet-widget');
  if (session) element.session = session;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return mount(element);
}

function part(element: ChatletWidget, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

function populated(): FakeSession {
  const session = createFakeSession('me@example.com');
  setRoster(session.store, [
    contact('alice@example.com', 'Alice', ['Friends']),
    contact('support@example.com', 'Support', []),
  ]);
  addMessages(session.store, [
    message('alice@example.com', 'hi'),
    message('alice@example.com', 'there?'),
    message('support@example.com', 'welcome'),
  ]);
  return session;
}

describe('<chatlet-widget>', () => {
  afterEach(() => {
    document.body.replaceChildren();
    defaultSession.value = null;
    defaultConnectOptions.value = null;
    // The panel's state is kept per tab for the next page; each test is a new page.
    sessionStorage.clear();
  });

  it('comes back open on the conversation it showed, as on the next page of the site', async () => {
    const session = populated();
    const first = await widget(session);
    first.open = true;
    await first.updateComplete;
    const row = first.shadowRoot!.querySelector('chatlet-contact-list')!;
    row.dispatchEvent(
      new CustomEvent('chatlet-select', { detail: { jid: 'bob@example.com' }, bubbles: true }),
    );
    await first.updateComplete;
    document.body.replaceChildren();
    const next = await widget(session);
    expect(next.open).toBe(true);
    expect(next.shadowRoot!.querySelector('chatlet-chat-pane')?.getAttribute('jid')).toBe(
      'bob@example.com',
    );
    next.open = false;
    await next.updateComplete;
    document.body.replaceChildren();
    expect((await widget(session)).open).toBe(false);
  });

  it('opens and closes from the launcher, reflecting open and emitting events', async () => {
    const element = await widget(populated());
    const events: string[] = [];
    document.body.addEventListener('chatlet-open', (e) => events.push(e.type));
    document.body.addEventListener('chatlet-close', (e) => events.push(e.type));
    expect(part(element, 'panel')!.hidden).toBe(true);

    part(element, 'launcher')!.click();
    await element.updateComplete;
    expect(element.open).toBe(true);
    expect(element.hasAttribute('open')).toBe(true);
    expect(part(element, 'panel')!.hidden).toBe(false);
    expect(part(element, 'launcher')!.getAttribute('aria-expanded')).toBe('true');

    part(element, 'launcher')!.click();
    await element.updateComplete;
    expect(element.hasAttribute('open')).toBe(false);
    expect(part(element, 'panel')!.hidden).toBe(true);
    expect(events).toEqual(['chatlet-open', 'chatlet-close']);
  });

  it('closes with Escape', async () => {
    const element = await widget(populated(), { open: '' });
    part(element, 'panel')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await element.updateComplete;
    expect(element.open).toBe(false);
  });

  it('shows the unread total on the launcher', async () => {
    const session = populated();
    const element = await widget(session);
    expect(part(element, 'launcher-unread')!.textContent!.trim()).toBe('3');
    expect(part(element, 'launcher')!.getAttribute('aria-label')).toContain('3 unread');
    addMessages(session.store, [message('alice@example.com', 'hello?')]);
    await element.updateComplete;
    expect(part(element, 'launcher-unread')!.textContent!.trim()).toBe('4');
  });

  it('shows the contact list, then the chat pane for a selected contact, and back', async () => {
    const element = await widget(populated(), { open: '' });
    const list = element.shadowRoot!.querySelector('chatlet-contact-list')!;
    expect(list).not.toBeNull();
    await until(() => !!list.shadowRoot!.querySelector('[data-jid="alice@example.com"]'));
    list.shadowRoot!.querySelector<HTMLElement>('[data-jid="alice@example.com"]')!.click();
    await element.updateComplete;
    const chat = element.shadowRoot!.querySelector('chatlet-chat-pane')!;
    expect(chat.jid).toBe('alice@example.com');

    element.shadowRoot!.querySelector<HTMLButtonElement>('.back')!.click();
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('chatlet-chat-pane')).toBeNull();
    expect(element.shadowRoot!.querySelector('chatlet-contact-list')).not.toBeNull();
  });

  it('goes straight to the support conversation with the support attribute', async () => {
    const element = await widget(populated(), { support: 'support@example.com', open: '' });
    expect(element.shadowRoot!.querySelector('chatlet-contact-list')).toBeNull();
    const chat = element.shadowRoot!.querySelector('chatlet-chat-pane')!;
    expect(chat.jid).toBe('support@example.com');
    expect(element.shadowRoot!.querySelector('.back')).toBeNull();
  });

  it('shows the own JID and sets presence and status from the header', async () => {
    const session = populated();
    const element = await widget(session, { open: '' });
    const header = part(element, 'panel-header')!;
    expect(header.textContent).toContain('me@example.com');

    const select = header.querySelector<HTMLSelectElement>('select')!;
    select.value = 'dnd';
    select.dispatchEvent(new Event('change'));
    expect(session.calls).toContainEqual(['setPresence', 'dnd', undefined]);
    await element.updateComplete;

    const status = header.querySelector<HTMLInputElement>('.status-input')!;
    status.value = 'In a meeting';
    status.dispatchEvent(new Event('change'));
    expect(session.calls).toContainEqual(['setPresence', 'dnd', 'In a meeting']);
  });

  it('logs out from the header', async () => {
    const session = populated();
    const element = await widget(session, { open: '' });
    element.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Log out"]')!.click();
    expect(session.calls).toContainEqual(['logout']);
  });

  it('shows a status line while connecting, reconnecting, and on error', async () => {
    const session = populated();
    const element = await widget(session, { open: '' });
    expect(part(element, 'status')).toBeNull();
    setStatus(session.store, 'reconnecting');
    await element.updateComplete;
    expect(part(element, 'status')!.textContent).toContain('reconnecting');
    setStatus(session.store, 'error', 'Server unreachable');
    await element.updateComplete;
    expect(part(element, 'status')!.textContent).toContain('Server unreachable');
  });

  it('shows a login form without a session, and keeps the JID after an error', async () => {
    const element = await widget(null, { open: '' });
    const form = part(element, 'login') as HTMLFormElement;
    expect(form).not.toBeNull();
    const jid = form.querySelector<HTMLInputElement>('[name="jid"]')!;
    jid.value = 'me@example.com';
    form.querySelector<HTMLInputElement>('[name="password"]')!.value = 'secret';
    form.requestSubmit();
    await element.updateComplete;
    // No server configured on this page: an error, and the typed JID stays.
    expect(form.querySelector('[role="alert"]')!.textContent).toContain('no chat server');
    expect(jid.value).toBe('me@example.com');
  });

  it('uses the default session once there is one', async () => {
    const element = await widget(null, { open: '' });
    expect(part(element, 'login')).not.toBeNull();
    defaultSession.value = populated();
    await element.updateComplete;
    expect(part(element, 'login')).toBeNull();
    expect(element.shadowRoot!.querySelector('chatlet-contact-list')).not.toBeNull();
  });

  it('says chat is unavailable instead of a login form when the page is misconfigured', async () => {
    const element = await widget(null, { unavailable: '', open: '' });
    expect(part(element, 'unavailable')!.textContent).toContain('not available');
    expect(element.shadowRoot!.querySelector('form.login')).toBeNull();
    expect(part(element, 'launcher')!.hasAttribute('data-unavailable')).toBe(true);
  });

  it('asks for the support agent’s presence once, and says when they are away', async () => {
    const session = createFakeSession('visitor@example.com');
    const element = await widget(session, {
      support: 'help@example.com',
      hours: 'Weekdays 9–17',
      open: '',
    });
    await until(() => session.calls.some(([name]) => name === 'addContact'));
    expect(session.calls.filter(([name]) => name === 'addContact')).toEqual([
      ['addContact', 'help@example.com', { name: 'Support' }],
    ]);
    // Subscribed and no presence: away, with the hours, above the composer.
    setRoster(session.store, [
      { jid: 'help@example.com', name: 'Support', groups: [], subscription: 'both' },
    ]);
    await until(() => part(element, 'away') !== null);
    expect(part(element, 'away')!.textContent).toContain('Weekdays 9–17');
    expect(part(element, 'away')!.slot).toBe('notice');
  });

  it('joins the support room with the pre-chat name and says support is away while no member is in', async () => {
    const room = 'help@conference.example.com';
    const session = createFakeSession('visitor@example.com');
    const element = await widget(session, {
      'support-room': room,
      prechat: 'name',
      hours: 'Weekdays 9–17',
      open: '',
    });
    // Not before the form: the name is the nick in the room.
    expect(session.calls.some(([name]) => name === 'joinRoom')).toBe(false);
    const form = part(element, 'prechat') as HTMLFormElement;
    form.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Ada';
    form.requestSubmit();
    await until(() => session.calls.some(([name]) => name === 'joinRoom'));
    expect(session.calls.filter(([name]) => name === 'joinRoom')).toEqual([
      ['joinRoom', room, { nick: 'Ada' }],
    ]);
    expect(session.calls.some(([name]) => name === 'addContact')).toBe(false);
    const joined = session.rooms.get(room)!;
    joined.nick.value = 'Ada';
    joined.occupants.value = [{ nick: 'Ada', affiliation: 'none', role: 'participant' }];
    joined.state.value = 'joined';
    await until(() => part(element, 'away') !== null);
    expect(part(element, 'away')!.textContent).toContain('Weekdays 9–17');
    // An agent (a member of the room) comes in: the notice goes, live.
    joined.occupants.value = [
      ...joined.occupants.value,
      { nick: 'Sam', affiliation: 'member', role: 'participant' },
    ];
    await until(() => part(element, 'away') === null);
    // Each message in the room says who wrote it.
    addMessages(session.store, [
      message(room, 'Hello Ada', { type: 'groupchat', from: `${room}/Sam` }),
      message(room, 'Me too', { type: 'groupchat', from: `${room}/Bea` }),
    ]);
    const pane = element.shadowRoot!.querySelector('chatlet-chat-pane')!;
    await until(() => pane.shadowRoot!.querySelectorAll('.sender').length === 2);
    expect([...pane.shadowRoot!.querySelectorAll('.sender')].map((e) => e.textContent)).toEqual([
      'Sam',
      'Bea',
    ]);
    // The room cannot be joined: said plainly, instead of the away notice.
    joined.state.value = 'error';
    await until(() => part(element, 'away')?.textContent?.includes('cannot be joined') === true);
  });

  it('tells a visitor plainly when their conversation cannot be kept past this page', async () => {
    const session = createFakeSession('3f2a@anon.example.com');
    const element = await widget(session, { support: 'help@example.com', open: '' });
    expect(part(element, 'not-kept')).toBeNull();
    session.store.visitor.value = 'not-kept';
    await until(() => part(element, 'not-kept') !== null);
    expect(part(element, 'not-kept')!.textContent).toContain('ends when you leave this page');
    expect(part(element, 'not-kept')!.slot).toBe('notice');
  });

  it('shows the greeting and adds the page address to the first message only', async () => {
    const session = createFakeSession('visitor@example.com');
    const element = await widget(session, {
      support: 'help@example.com',
      greeting: 'Welcome to Acme!',
      open: '',
    });
    const pane = element.shadowRoot!.querySelector('chatlet-chat-pane')!;
    await until(() => pane.shadowRoot!.querySelector('[part="greeting"]') !== null);
    expect(pane.shadowRoot!.querySelector('[part="greeting"]')!.textContent).toContain(
      'Welcome to Acme!',
    );
    const input = pane.shadowRoot!.querySelector('textarea')!;
    input.value = 'First';
    await pane.send();
    input.value = 'Second';
    await pane.send();
    const sent = session.calls.filter(([name]) => name === 'send').map(([, , body]) => body);
    expect(sent).toEqual([`First\n\nSent from: ${location.href}`, 'Second']);
  });

  it('asks the pre-chat questions before the conversation', async () => {
    const session = createFakeSession('visitor@example.com');
    const element = await widget(session, {
      support: 'help@example.com',
      prechat: 'name,question',
      open: '',
    });
    const form = part(element, 'prechat') as HTMLFormElement;
    await element.updateComplete;
    // Not before the form: the request carries the name.
    expect(session.calls.some(([name]) => name === 'addContact')).toBe(false);
    expect(form.querySelector('[name="email"]')).toBeNull();
    form.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Ada';
    form.querySelector<HTMLTextAreaElement>('[name="question"]')!.value = 'Help?';
    form.requestSubmit();
    await until(() => element.shadowRoot!.querySelector('chatlet-chat-pane') !== null);
    const sent = session.calls.find(([name]) => name === 'send');
    expect(sent?.[2]).toBe(`Help?\n\nName: Ada\nSent from: ${location.href}`);
    // The name goes with the presence request, as the visitor's nickname (XEP-0172).
    await until(() => session.calls.some(([name]) => name === 'addContact'));
    expect(session.calls.find(([name]) => name === 'addContact')).toEqual([
      'addContact',
      'help@example.com',
      { name: 'Support' },
      { nick: 'Ada' },
    ]);
  });

  it('speaks Simplified Chinese when asked', async () => {
    const element = await widget(populated(), { locale: 'zh-CN' });
    expect(part(element, 'launcher')!.getAttribute('aria-label')).toMatch(/^打开聊天/);
    // The elements inside the widget speak its language too.
    element.open = true;
    await element.updateComplete;
    const list = element.shadowRoot!.querySelector('chatlet-contact-list')!;
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('input')!.placeholder).toBe('搜索联系人');
    const login = await widget(null, { locale: 'zh-CN', open: '' });
    const form = part(login, 'login')!;
    expect(form.querySelector('button')!.textContent!.trim()).toBe('登录');
    expect([...form.querySelectorAll('label > span')].map((l) => l.textContent)).toEqual([
      '地址',
      '密码',
    ]);
  });

  it('tells the page about new messages, the unread total and the status, as typed events', async () => {
    const session = populated();
    await widget(session);
    const seen: string[] = [];
    const record = (e: Event) =>
      seen.push(`${e.type} ${JSON.stringify((e as CustomEvent).detail)}`);
    document.addEventListener('chatlet-message', (e) =>
      seen.push(`message ${e.detail.message.body}`),
    );
    document.addEventListener('chatlet-unread-changed', record);
    document.addEventListener('chatlet-status', (e) => seen.push(`status ${e.detail.status}`));
    addMessages(session.store, [message('alice@example.com', 'news')]);
    await until(() => seen.length >= 2);
    setStatus(session.store, 'reconnecting');
    await until(() => seen.length >= 3);
    expect(seen).toEqual([
      'message news',
      'chatlet-unread-changed {"unread":4}',
      'status reconnecting',
    ]);
  });

  it('opens the conversation when a presence badge with `chat` is clicked anywhere on the page', async () => {
    const element = await widget(populated());
    const badge = document.createElement('chatlet-presence-badge');
    badge.jid = 'alice@example.com';
    badge.chat = true;
    badge.session = element.session;
    await mount(badge);
    expect(badge.getAttribute('role')).toBe('button');
    badge.click();
    await until(() => element.open);
    await until(() => element.shadowRoot!.querySelector('chatlet-chat-pane') !== null);
    expect(element.shadowRoot!.querySelector('chatlet-chat-pane')!.jid).toBe('alice@example.com');
  });

  it('stays where it is whatever the page says, but hides when the page sets hidden', async () => {
    const element = await widget(populated());
    element.style.setProperty('position', 'static', 'important');
    element.style.setProperty('display', 'inline', 'important');
    expect(getComputedStyle(element).position).toBe('fixed');
    expect(getComputedStyle(element).display).toBe('block');
    element.hidden = true;
    expect(getComputedStyle(element).display).toBe('none');
  });
});
