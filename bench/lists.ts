// Benchmark page: a 5,000-contact roster and a 10,000-message conversation in
// the real elements, built for production. bench/run.mjs drives it.
import '../src/components/index.js';
import { addMessages, applyPresences } from '../src/store/store.js';
import type { Message } from '../src/store/types.js';
import { contact, createFakeSession } from '../test/browser/fake-session.js';

declare global {
  interface Window {
    chatletBench: {
      contactList(count: number): Promise<Figures>;
      chatPane(count: number): Promise<Figures>;
    };
  }
}

/** What one list measures, in milliseconds. */
interface Figures {
  firstPaint: number;
  longestTaskWhileScrolling: number;
  longestFrameWhileScrolling: number;
  scrolledFrames: number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Mounts `element`, and resolves after the frame in which `ready()` first holds. */
async function paint(element: HTMLElement, ready: () => boolean): Promise<number> {
  const host = document.getElementById('host')!;
  host.replaceChildren();
  const start = performance.now();
  host.append(element);
  for (let i = 0; i < 600 && !ready(); i++) await nextFrame();
  // The frame that shows the rows has been produced once the next one starts.
  await nextFrame();
  return performance.now() - start;
}

/**
 * Scrolls `scroller` one step per frame away from where it starts (`step` > 0: down, the contact
 * list; < 0: up, the chat history, which starts at the newest message) until it moves no more —
 * the lists render more rows as they are scrolled, so the end is where nothing more comes — and
 * back, recording long tasks (PerformanceObserver) and the longest gap between frames.
 */
async function scrollThrough(scroller: HTMLElement, step: number) {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  let last = await nextFrame();
  let longestFrame = 0;
  let frames = 0;
  const move = async (delta: number) => {
    for (let still = 0; still < 5 && frames < 20_000;) {
      const before = scroller.scrollTop;
      scroller.scrollTop += delta;
      const now = await nextFrame();
      longestFrame = Math.max(longestFrame, now - last);
      last = now;
      frames++;
      still = scroller.scrollTop === before ? still + 1 : 0;
    }
  };
  await move(step);
  await move(-step);
  await nextFrame();
  observer.disconnect();
  return {
    longestTaskWhileScrolling: Math.max(0, ...tasks),
    longestFrameWhileScrolling: longestFrame,
    scrolledFrames: frames,
  };
}

function scrollerIn(root: ShadowRoot, part: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[part~="${part}"]`);
  if (!element) throw new Error(`no [part=${part}] in the element`);
  return element;
}

window.chatletBench = {
  async contactList(count) {
    const session = createFakeSession();
    const groups = ['Engineering', 'Design', 'Sales', 'Support', 'Operations'];
    const contacts = Array.from({ length: count }, (_, n) =>
      contact(`user${n}@example.com`, `Person ${n}`, [groups[n % groups.length]!]),
    );
    session.store.contacts.value = new Map(contacts.map((c) => [c.jid, c]));
    applyPresences(
      session.store,
      contacts.map((c, n) => ({
        jid: c.jid,
        resource: 'web',
        presence:
          n % 3
            ? { show: 'online' as const, priority: 0 }
            : { show: 'away' as const, priority: 0, status: 'busy' },
      })),
    );
    const list = document.createElement('chatlet-contact-list');
    list.session = session;
    const firstPaint = await paint(
      list,
      () => (list.shadowRoot?.querySelectorAll('[part~="contact"]').length ?? 0) > 0,
    );
    return { firstPaint, ...(await scrollThrough(scrollerIn(list.shadowRoot!, 'list'), 400)) };
  },

  async chatPane(count) {
    const session = createFakeSession();
    const peer = 'bob@example.com';
    const start = Date.now() - count * 60_000;
    const messages: Message[] = Array.from({ length: count }, (_, n) => ({
      id: `m${n}`,
      peer,
      direction: n % 3 ? 'in' : 'out',
      body:
        n % 7
          ? `Message number ${n}`
          : `A longer message ${n} that wraps onto a second line in a narrow pane, as real chats do.`,
      type: 'chat',
      time: start + n * 60_000,
      ...(n % 3 ? {} : { state: 'sent' as const }),
    }));
    addMessages(session.store, messages, { read: true });
    session.store.conversations.get(peer)!.complete.value = true;
    const pane = document.createElement('chatlet-chat-pane');
    pane.session = session;
    pane.setAttribute('jid', peer);
    const firstPaint = await paint(
      pane,
      () => (pane.shadowRoot?.querySelectorAll('[part~="message"]').length ?? 0) > 0,
    );
    const scroller = scrollerIn(pane.shadowRoot!, 'history');
    return { firstPaint, ...(await scrollThrough(scroller, -400)) };
  },
};
