import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import type { ChatletChatPane } from '../../../src/components/index.js';
import { addMessages, setRoster } from '../../../src/store/store.js';
import type { Message } from '../../../src/store/types.js';
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

const BOB = 'bob@example.com';

async function pane(session: FakeSession, jid = BOB) {
  const element = document.createElement('chatlet-chat-pane');
  element.session = session;
  element.jid = jid;
  await mount(element, 'height: 480px; width: 380px');
  return element;
}

function shown(element: ChatletChatPane): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="message"]')];
}

function composer(element: ChatletChatPane): HTMLTextAreaElement {
  return element.shadowRoot!.querySelector('textarea')!;
}

function pressEnter(textarea: HTMLTextAreaElement, init: KeyboardEventInit = {}): boolean {
  return textarea.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }),
  );
}

function session(): FakeSession {
  const s = createFakeSession();
  setRoster(s.store, [contact(BOB, 'Bob Builder')]);
  setShow(s, BOB, 'away', 'at lunch');
  // Nothing older than what a test adds.
  void s.conversation(BOB).complete;
  s.store.conversations.get(BOB)!.complete.value = true;
  return s;
}

/** `count` messages a minute apart ending now, alternating direction. */
function history(count: number): Message[] {
  const start = Date.now() - count * 60_000;
  return Array.from({ length: count }, (_, i) =>
    message(BOB, `message ${i}`, {
      id: `h-${i}`,
      time: start + i * 60_000,
      direction: i % 3 === 0 ? 'out' : 'in',
      ...(i % 3 === 0 ? { state: 'sent' as const } : {}),
    }),
  );
}

describe('<chatlet-chat-pane>', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('shows the contact in the header with presence and status text', async () => {
    const element = await pane(session());
    const header = element.shadowRoot!.querySelector('[part="header"]')!;
    expect(header.textContent).toContain('Bob Builder');
    expect(header.textContent).toContain('at lunch');
    expect(header.querySelector('chatlet-presence-badge')!.getAttribute('show')).toBe('away');
  });

  it('shows an empty state before the first message', async () => {
    const element = await pane(session());
    expect(element.shadowRoot!.textContent).toContain('No messages yet — say hi');
  });

  it('renders messages with part, data-id, data-direction, time and sender', async () => {
    const s = session();
    const time = new Date(2024, 4, 17, 9, 5).getTime();
    addMessages(s.store, [
      message(BOB, 'hello', { id: 'a1', time }),
      message(BOB, 'hi Bob', { id: 'a2', time: time + 60_000, direction: 'out', state: 'sent' }),
    ]);
    const element = await pane(s);
    await until(() => shown(element).length === 2);
    const [incoming, outgoing] = shown(element);
    expect(incoming!.dataset.id).toBe('a1');
    expect(incoming!.dataset.direction).toBe('in');
    expect(incoming!.querySelector('.sender')!.textContent).toBe('Bob Builder');
    expect(incoming!.querySelector('time')!.textContent).toMatch(/0?9[:.]05/);
    expect(incoming!.querySelector('time')!.getAttribute('title')).toContain('2024');
    expect(outgoing!.dataset.id).toBe('a2');
    expect(outgoing!.dataset.direction).toBe('out');
    expect(outgoing!.querySelector('.sender')).toBeNull();
    expect(outgoing!.querySelector('.state')!.getAttribute('data-state')).toBe('sent');
    expect(element.shadowRoot!.querySelector('[part="day"]')).not.toBeNull();
  });

  it('shows a body as text, never as HTML', async () => {
    const s = session();
    const body = '<img src=x onerror=alert(1)><b>bold</b>';
    addMessages(s.store, [message(BOB, body, { id: 'x1' })]);
    const element = await pane(s);
    await until(() => shown(element).length === 1);
    const bubble = shown(element)[0]!.querySelector('[part="bubble"]')!;
    expect(bubble.textContent).toBe(body);
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    expect(element.shadowRoot!.querySelector('b')).toBeNull();
  });

  it('sends with Enter and clears the composer; Shift+Enter does not send', async () => {
    const s = session();
    const element = await pane(s);
    const textarea = composer(element);
    textarea.value = 'line one';
    expect(pressEnter(textarea, { shiftKey: true })).toBe(true);
    expect(s.calls.filter(([name]) => name === 'send')).toEqual([]);

    textarea.value = 'hello Bob';
    expect(pressEnter(textarea)).toBe(false);
    await until(() => textarea.value === '');
    expect(s.calls).toContainEqual(['send', BOB, 'hello Bob']);
    await until(() => shown(element).some((m) => m.textContent!.includes('hello Bob')));
    const sent = shown(element).find((m) => m.textContent!.includes('hello Bob'))!;
    expect(sent.dataset.direction).toBe('out');
    expect(sent.querySelector('.state')!.getAttribute('data-state')).toBe('pending');
  });

  it('keeps the text in the composer when sending fails', async () => {
    const s = session();
    s.failSend = 'You are offline';
    const element = await pane(s);
    const textarea = composer(element);
    textarea.value = 'do not lose me';
    pressEnter(textarea);
    await until(() => !!element.shadowRoot!.querySelector('.composer-error'));
    expect(textarea.value).toBe('do not lose me');
    expect(element.shadowRoot!.querySelector('.composer-error')!.textContent).toContain(
      'You are offline',
    );
  });

  it('does not send whitespace', async () => {
    const s = session();
    const element = await pane(s);
    composer(element).value = '   \n ';
    pressEnter(composer(element));
    await frames(2);
    expect(s.calls.filter(([name]) => name === 'send')).toEqual([]);
  });

  it('shows failed messages with the error and a Retry button', async () => {
    const s = session();
    addMessages(s.store, [
      message(BOB, 'lost', {
        id: 'f1',
        direction: 'out',
        state: 'failed',
        error: 'Recipient unavailable',
      }),
    ]);
    const element = await pane(s);
    await until(() => shown(element).length === 1);
    const failed = shown(element)[0]!;
    expect(failed.textContent).toContain('Recipient unavailable');
    failed.querySelector<HTMLButtonElement>('.retry')!.click();
    expect(s.calls).toContainEqual(['retry', BOB, 'f1']);
    await until(() => !shown(element)[0]!.querySelector('.retry'));
  });

  it('says how far each outgoing message got: queued, sent, delivered, read', async () => {
    const s = session();
    const states = ['pending', 'sent', 'delivered', 'read'] as const;
    addMessages(
      s.store,
      states.map((state, i) => message(BOB, state, { id: `s${i}`, direction: 'out', state })),
    );
    const element = await pane(s);
    await until(() => shown(element).length === 4);
    const labels = shown(element).map(
      (m) => m.querySelector('.state')!.getAttribute('title') + ':' + m.dataset['state'],
    );
    expect(labels).toEqual(['Queued:pending', 'Sent:sent', 'Delivered:delivered', 'Read:read']);
  });

  it('shows the sender’s time of a late message, and both times on hover', async () => {
    const s = session();
    const sent = Date.now() - 3 * 3_600_000;
    addMessages(s.store, [message(BOB, 'late', { id: 'l1', time: Date.now(), stamp: sent })]);
    const element = await pane(s);
    await until(() => shown(element).length === 1);
    const time = shown(element)[0]!.querySelector('time')!;
    expect(time.dateTime).toBe(new Date(sent).toISOString());
    expect(time.title).toMatch(/^Sent .* · received /);
  });

  it('shows a gap in the history with a Retry button until it is filled', async () => {
    const s = session();
    addMessages(s.store, [message(BOB, 'hello', { id: 'g1' })]);
    s.store.historyGap.value = 'Some messages since your last visit could not be loaded.';
    const element = await pane(s);
    const gap = () => element.shadowRoot!.querySelector<HTMLElement>('[part="gap"]');
    await until(() => gap() !== null);
    expect(gap()!.textContent).toContain('could not be loaded');
    gap()!.querySelector<HTMLButtonElement>('.retry')!.click();
    expect(s.calls).toContainEqual(['retryHistory']);
    await until(() => gap() === null);
  });

  it('marks the conversation read when shown and when messages arrive', async () => {
    const s = session();
    addMessages(s.store, [message(BOB, 'unread one')]);
    expect(s.conversation(BOB).unread.value).toBe(1);
    const element = await pane(s);
    expect(s.conversation(BOB).unread.value).toBe(0);

    addMessages(s.store, [message(BOB, 'and another')]);
    await element.updateComplete;
    expect(s.conversation(BOB).unread.value).toBe(0);
    expect(s.calls.filter(([name]) => name === 'markRead').length).toBeGreaterThanOrEqual(2);
  });

  it('shows a room by its own name, with who of its people is there', async () => {
    const s = session();
    const ROOM = 'help@conference.example.com';
    s.joinRoom(ROOM);
    const room = s.rooms.get(ROOM)!;
    const visitor = { nick: 'Visitor 1234', affiliation: 'none', role: 'participant' } as const;
    room.nick.value = visitor.nick;
    room.occupants.value = [visitor, { nick: 'Sam', affiliation: 'member', role: 'moderator' }];
    const element = await pane(s, ROOM);
    const header = () => element.shadowRoot!.querySelector<HTMLElement>('[part="header"]')!;
    expect(header().querySelector('.name')!.textContent).toBe('help');
    expect(header().querySelector('.status')!.textContent!.trim()).toBe('Here now: Sam');
    expect(header().querySelector('chatlet-presence-badge')).toBeNull();

    room.name.value = 'Help desk';
    room.occupants.value = [visitor];
    await element.updateComplete;
    expect(header().querySelector('.name')!.textContent).toBe('Help desk');
    expect(header().querySelector('.status')!.textContent!.trim()).toBe(
      'No one from the team is here right now',
    );
  });

  it('renders only a window of 10,000 messages and starts at the newest', async () => {
    const s = session();
    addMessages(s.store, history(10_000), { read: true });
    const element = await pane(s);
    await until(() => shown(element).some((m) => m.dataset.id === 'h-9999'));
    expect(shown(element).length).toBeLessThan(100);
    expect(shown(element).some((m) => m.dataset.id === 'h-0')).toBe(false);
  });

  it('shows more of a long history as the reader scrolls up, without moving what they read', async () => {
    const s = session();
    addMessages(s.store, history(2_000), { read: true });
    const element = await pane(s);
    await until(() => shown(element).some((m) => m.dataset.id === 'h-1999'));
    const log = element.shadowRoot!.querySelector<HTMLElement>('[part="history"]')!;
    const before = shown(element).length;
    const oldest = shown(element)[0]!;
    // Scrolled up to the oldest message rendered (scrollTop counts up from the bottom).
    log.scrollTop = -log.scrollHeight;
    const at = oldest.getBoundingClientRect().top;
    await until(() => shown(element).length > before);
    await frames(2);
    expect(oldest.isConnected).toBe(true);
    expect(Math.abs(oldest.getBoundingClientRect().top - at)).toBeLessThan(2);
    // All the way up: every message rendered, the first one last.
    for (let i = 0; i < 100 && !shown(element).some((m) => m.dataset.id === 'h-0'); i++) {
      log.scrollTop = -log.scrollHeight;
      await frames(2);
    }
    expect(shown(element).length).toBe(2_000);
  });

  it('keeps the reader’s place when a message arrives while they read older ones', async () => {
    const s = session();
    addMessages(s.store, history(200), { read: true });
    const element = await pane(s);
    await until(() => shown(element).some((m) => m.dataset.id === 'h-199'));
    const log = element.shadowRoot!.querySelector<HTMLElement>('[part="history"]')!;
    log.scrollTop = -600;
    await frames(2);
    const reading = shown(element).find((m) => {
      const { top, bottom } = m.getBoundingClientRect();
      const box = log.getBoundingClientRect();
      return top > box.top && bottom < box.bottom;
    })!;
    const at = reading.getBoundingClientRect().top;
    addMessages(s.store, [message(BOB, 'newest', { id: 'new-1' })]);
    await until(() => shown(element).some((m) => m.dataset.id === 'new-1'));
    await frames(2);
    expect(Math.abs(reading.getBoundingClientRect().top - at)).toBeLessThan(2);
  });

  it('follows new messages while at the bottom', async () => {
    const s = session();
    addMessages(s.store, history(200), { read: true });
    const element = await pane(s);
    await until(() => shown(element).some((m) => m.dataset.id === 'h-199'));
    addMessages(s.store, [message(BOB, 'newest', { id: 'new-1' })]);
    await until(() => shown(element).some((m) => m.dataset.id === 'new-1'));
    const log = element.shadowRoot!.querySelector<HTMLElement>('[part="history"]')!;
    await frames(2);
    const newest = shown(element).find((m) => m.dataset.id === 'new-1')!;
    expect(newest.getBoundingClientRect().bottom).toBeLessThanOrEqual(
      log.getBoundingClientRect().bottom + 1,
    );
    expect(log.scrollTop).toBe(0);
  });

  it('loads older messages when scrolled to the top', async () => {
    const s = session();
    s.store.conversations.get(BOB)!.complete.value = false;
    const all = history(120);
    s.older.set(BOB, all.slice(0, 60));
    s.pageSize = 30;
    addMessages(s.store, all.slice(60), { read: true });
    const element = await pane(s);
    await until(() => shown(element).some((m) => m.dataset.id === 'h-119'));
    const before = s.calls.filter(([name]) => name === 'loadOlder').length;

    const scroller = element.shadowRoot!.querySelector<HTMLElement>('[part="history"]')!;
    // To the top (scrollTop counts up from the bottom).
    scroller.scrollTop = -scroller.scrollHeight;
    scroller.dispatchEvent(new Event('scroll'));
    await until(() => s.calls.filter(([name]) => name === 'loadOlder').length > before);
    await until(() => s.conversation(BOB).messages.value.length > 60);
    // The reader stays where they were: the message that was first is still on screen.
    await frames(4);
    expect(shown(element).some((m) => m.dataset.id === 'h-60')).toBe(true);
  });
});
