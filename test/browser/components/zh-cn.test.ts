// Every element in Simplified Chinese, in its main states: no English left in what a person
// reads or hears (text, labels, titles, placeholders). Names, addresses and message bodies are
// the people's own; the test uses Chinese ones, and addresses are taken out before looking.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import type {
  ChatletChatPane,
  ChatletContactList,
  ChatletWidget,
} from '../../../src/components/index.js';
import { defaultConnectOptions, defaultSession } from '../../../src/default-session.js';
import { addMessages, addRequest, setRoster, setStatus } from '../../../src/store/store.js';
import { loadWords, sayProblem, words } from '../../../src/components/shared/i18n.js';
import { LOGIN_TEXTS, TERMINAL } from '../../../src/xmpp/login-error.js';
import { MAYBE_NOT_SENT } from '../../../src/store/types.js';
import {
  contact,
  createFakeSession,
  type FakeSession,
  frames,
  message,
  mount,
  setShow,
  until,
} from '../fake-session.js';

const WANG = 'wang@example.com';
const LI = 'li@example.com';
const DAY = 86_400_000;

/** Attributes a person reads or hears. */
const SPOKEN = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];

/** Everything a person reads or hears in `node`, through shadow roots and slots. */
function spoken(node: Node, out: string[] = []): string[] {
  if (node instanceof Element) {
    if (['STYLE', 'TEMPLATE'].includes(node.tagName) || node instanceof SVGElement) {
      return out;
    }
    for (const name of SPOKEN) {
      const value = node.getAttribute(name);
      if (value) out.push(value);
    }
    if (node.shadowRoot) spoken(node.shadowRoot, out);
  } else if (node.nodeType === Node.TEXT_NODE) {
    const text = node.textContent!.trim();
    if (text) out.push(text);
  }
  for (const child of node.childNodes) spoken(child, out);
  return out;
}

/** The local parts of the test's addresses: a contact's fallback name, data like the address. */
const LOCAL_PARTS = /\b(wang|li|zhao|chen|me|guest|help|kefu)\b/g;

/** The English words left in an element: anything Latin of two letters or more, but addresses. */
function english(element: Element): string[] {
  return spoken(element)
    .map((text) => text.replace(/\S+@\S+/g, '').replace(LOCAL_PARTS, ''))
    .filter((text) => /[A-Za-z]{2,}/.test(text));
}

function people(): FakeSession {
  const session = createFakeSession('me@example.com');
  setRoster(session.store, [
    contact(WANG, '王芳', ['同事']),
    contact(LI, '李雷'),
    contact('zhao@example.com', '赵明', ['同事']),
  ]);
  setShow(session, WANG, 'away', '在开会');
  setShow(session, LI, 'online');
  addMessages(session.store, [message(LI, '你好')]);
  addRequest(session.store, { jid: 'chen@example.com', nick: '陈静' });
  return session;
}

function mountIn<T extends HTMLElement>(tag: string, session: FakeSession | null, attrs = {}) {
  const element = document.createElement(tag) as T & { session?: FakeSession };
  if (session) element.session = session;
  element.setAttribute('locale', 'zh-CN');
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return mount(element, 'height: 480px; width: 380px');
}

// In the source (as in the loader's build) the Chinese tables are a module loaded on first use.
describe('Chinese loaded on first use', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows English while the tables load, then renders again in Chinese', async () => {
    const badge = document.createElement('chatlet-presence-badge');
    badge.session = people();
    badge.jid = WANG;
    badge.setAttribute('locale', 'zh-CN');
    document.body.append(badge);
    // The first render comes before the tables' module can have arrived (a fetch away).
    await badge.updateComplete;
    const label = () => badge.getAttribute('aria-label') ?? '';
    expect(label()).toMatch(/away/);
    await loadWords('zh-CN');
    await until(() => /离开/.test(label()));
    expect(english(badge)).toEqual([]);
  });
});

describe('Simplified Chinese', () => {
  beforeAll(() => loadWords('zh-CN'));

  afterEach(() => {
    document.body.replaceChildren();
    defaultSession.value = null;
    defaultConnectOptions.value = null;
    sessionStorage.clear();
  });

  it('has every English word in Chinese, and no Chinese in the English table', () => {
    const flat = (table: object): string[] =>
      Object.values(table).flatMap((v: unknown): string[] =>
        typeof v === 'function'
          ? [String(v('x', 'y'))]
          : typeof v === 'object' && v
            ? flat(v)
            : [String(v)],
      );
    const en = flat(words('en'));
    const zh = flat(words('zh-CN'));
    expect(en.filter((text) => /[\u3000-\u9fff]/.test(text))).toEqual([]);
    expect(zh.filter((text) => /[A-Za-z]{2,}/.test(text.replace(/\S+@\S+/g, '')))).toEqual([]);
  });

  it('says every login failure and stream error of the session in Chinese', () => {
    const texts = [...Object.values(LOGIN_TEXTS), ...Object.values(TERMINAL)];
    const untranslated = texts.filter((text) => {
      const zh = sayProblem('zh-CN', text);
      // Protocol names (SCRAM-SHA-1, TLS, XMPP) stay as they are.
      return zh === text || /[a-z]{2,}/.test(zh);
    });
    expect(untranslated).toEqual([]);
    expect(sayProblem('en', LOGIN_TEXTS.wrongPassword)).toBe(LOGIN_TEXTS.wrongPassword);
  });

  it('the contact list: groups, requests, the add form and every step of a contact’s menu', async () => {
    const session = people();
    const list = await mountIn<ChatletContactList>('chatlet-contact-list', session);
    const root = list.shadowRoot!;
    await until(() => root.querySelectorAll('[part~="contact"]').length === 3);
    expect(english(list)).toEqual([]);
    // Contacts without a group are under a header in the list's words.
    expect([...root.querySelectorAll('.group-name')].map((g) => g.textContent)).toEqual([
      '同事',
      '联系人',
    ]);

    root.querySelector<HTMLButtonElement>('.add')!.click();
    await list.updateComplete;
    const form = root.querySelector<HTMLFormElement>('.add-form')!;
    form.querySelector<HTMLInputElement>('[name="jid"]')!.value = 'not an address';
    // Past the browser's own check of type="email", which speaks the browser's language.
    form.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await list.updateComplete;
    expect(form.querySelector('[role="alert"]')!.textContent).toContain('请输入');
    expect(english(list)).toEqual([]);

    for (const step of ['重命名', '移到分组', '删除']) {
      const row = () => root.querySelector<HTMLElement>(`[data-jid="${WANG}"]`)!;
      row().querySelector<HTMLButtonElement>('.more')!.click();
      await list.updateComplete;
      const button = [...row().querySelectorAll<HTMLButtonElement>('.actions button')].find(
        (b) => b.textContent!.trim() === step,
      );
      expect(button, step).toBeDefined();
      button!.click();
      await list.updateComplete;
      expect(english(list), step).toEqual([]);
      row().querySelector<HTMLButtonElement>('.more')!.click();
      await list.updateComplete;
    }

    list.filter = '没有这个人';
    await list.updateComplete;
    expect(english(list)).toEqual([]);
    const alone = await mountIn<ChatletContactList>('chatlet-contact-list', null);
    expect(english(alone)).toEqual([]);
  });

  it('the chat pane: days, delivery states, failures, the history gap and the composer', async () => {
    const session = people();
    const now = Date.now();
    addMessages(
      session.store,
      [
        message(WANG, '上周的消息', { id: 'z1', time: now - 9 * DAY }),
        message(WANG, '昨天的消息', { id: 'z2', time: now - DAY }),
        message(WANG, '晚到的消息', { id: 'z3', time: now - 60_000, stamp: now - 3_600_000 }),
        ...(['pending', 'sent', 'delivered', 'read'] as const).map((state, i) =>
          message(WANG, '我的消息', { id: `s${i}`, direction: 'out', state, time: now - i }),
        ),
        message(WANG, '可能没发出', {
          id: 'f1',
          direction: 'out',
          state: 'failed',
          error: MAYBE_NOT_SENT,
        }),
        message(WANG, '没有原因', { id: 'f2', direction: 'out', state: 'failed' }),
      ],
      { read: true },
    );
    session.store.conversations.get(WANG)!.complete.value = true;
    session.store.historyGap.value = 'Some messages since your last visit could not be loaded.';
    session.store.conversations.get(WANG)!.olderError.value = 'Older messages could not be loaded.';
    const pane = await mountIn<ChatletChatPane>('chatlet-chat-pane', session, { jid: WANG });
    const root = pane.shadowRoot!;
    await until(() => root.querySelectorAll('[part~="message"]').length >= 5);
    // The newest messages are on screen; the older ones are a scroll away.
    expect(english(pane)).toEqual([]);
    expect(root.querySelector('[data-id="f1"] .failure')!.textContent).toContain('可能未发送');
    expect(root.querySelector('[part="gap"]')!.textContent).toContain('无法加载');
    const history = root.querySelector<HTMLElement>('[part~="history"]')!;
    history.scrollTop = -history.scrollHeight;
    await until(() => root.querySelector('[data-id="z1"]') !== null);
    await frames();
    expect(english(pane)).toEqual([]);
    const days = [...root.querySelectorAll('[part="day"]')].map((d) => d.textContent!.trim());
    expect(days).toContain('昨天');
    expect(days).toContain('今天');
    expect(root.querySelector('[data-id="z3"] time')!.getAttribute('title')).toMatch(/^发送于 /);

    session.failSend = '服务器拒绝了';
    root.querySelector('textarea')!.value = '再试一次';
    root.querySelector('form')!.requestSubmit();
    await until(() => root.querySelector('.composer-error') !== null);
    expect(english(pane)).toEqual([]);

    const empty = await mountIn<ChatletChatPane>('chatlet-chat-pane', session, { jid: LI });
    expect(english(empty)).toEqual([]);
    const none = await mountIn<ChatletChatPane>('chatlet-chat-pane', null);
    expect(english(none)).toEqual([]);
  });

  it('the presence badge, in every show', async () => {
    const session = people();
    for (const show of ['chat', 'online', 'away', 'xa', 'dnd', 'offline'] as const) {
      setShow(session, WANG, show);
      const badge = await mountIn('chatlet-presence-badge', session, { jid: WANG, chat: '' });
      expect(english(badge), show).toEqual([]);
    }
  });

  it('the widget: launcher, list, conversation, login, unavailable, support', async () => {
    const session = people();
    const widget = await mountIn<ChatletWidget>('chatlet-widget', session);
    expect(english(widget)).toEqual([]);
    widget.open = true;
    await widget.updateComplete;
    await frames();
    expect(english(widget)).toEqual([]);
    setStatus(session.store, 'reconnecting');
    await widget.updateComplete;
    expect(english(widget)).toEqual([]);
    // What the server said, in Chinese too.
    setStatus(session.store, 'error', TERMINAL['conflict']!);
    await widget.updateComplete;
    expect(english(widget)).toEqual([]);
    expect(widget.shadowRoot!.querySelector('[part="status"]')!.textContent).toContain('别处');
    setStatus(session.store, 'online');
    widget
      .shadowRoot!.querySelector('chatlet-contact-list')!
      .dispatchEvent(
        new CustomEvent('chatlet-select', { detail: { jid: LI }, bubbles: true, composed: true }),
      );
    await until(() => widget.shadowRoot!.querySelector('chatlet-chat-pane') !== null);
    await frames();
    expect(english(widget)).toEqual([]);

    const login = await mountIn<ChatletWidget>('chatlet-widget', null, { open: '' });
    expect(english(login)).toEqual([]);
    const unavailable = await mountIn<ChatletWidget>('chatlet-widget', null, {
      open: '',
      unavailable: '',
    });
    expect(english(unavailable)).toEqual([]);

    const visitor = createFakeSession('guest@example.com');
    const support = await mountIn<ChatletWidget>('chatlet-widget', visitor, {
      open: '',
      support: 'help@example.com',
      prechat: 'name,email,question',
    });
    expect(support.shadowRoot!.querySelector('[part~="prechat"]')).not.toBeNull();
    expect(english(support)).toEqual([]);

    // The support room: the away notice, messages labelled with nicks, the room refusing us.
    document.body.replaceChildren();
    const guest = createFakeSession('guest2@example.com');
    const roomJid = 'kefu@conference.example.com';
    const room = await mountIn<ChatletWidget>('chatlet-widget', guest, {
      open: '',
      'support-room': roomJid,
    });
    await until(() => guest.rooms.has(roomJid));
    const joined = guest.rooms.get(roomJid)!;
    joined.nick.value = '访客';
    joined.state.value = 'joined';
    addMessages(guest.store, [
      message(roomJid, '您好', { type: 'groupchat', from: `${roomJid}/小王` }),
    ]);
    await until(() => room.shadowRoot!.querySelector('[part~="away"]') !== null);
    expect(english(room)).toEqual([]);
    joined.state.value = 'error';
    await until(
      () =>
        room.shadowRoot!.querySelector('[part~="away"]')?.textContent?.includes('暂时无法') ===
        true,
    );
    expect(english(room)).toEqual([]);
  });
});
