import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import { ChatletPresenceBadge } from '../../../src/components/index.js';
import { defaultSession } from '../../../src/default-session.js';
import { createFakeSession, mount, setShow } from '../fake-session.js';

function badge(jid: string) {
  const element = document.createElement('chatlet-presence-badge');
  element.jid = jid;
  return element;
}

describe('<chatlet-presence-badge>', () => {
  afterEach(() => {
    document.body.replaceChildren();
    defaultSession.value = null;
  });

  it('is registered as ChatletPresenceBadge', () => {
    expect(document.createElement('chatlet-presence-badge')).toBeInstanceOf(ChatletPresenceBadge);
  });

  it('reflects show and updates when the presence changes', async () => {
    const session = createFakeSession();
    setShow(session, 'bob@example.com', 'away', 'at lunch');
    const element = badge('bob@example.com');
    element.name = 'Bob';
    element.session = session;
    await mount(element);

    expect(element.getAttribute('show')).toBe('away');
    expect(element.shadowRoot!.querySelector('[part="dot"]')).not.toBeNull();
    expect(element.getAttribute('aria-label')).toBe('Bob: away — at lunch');

    setShow(session, 'bob@example.com', 'dnd', 'in a meeting');
    await element.updateComplete;
    expect(element.getAttribute('show')).toBe('dnd');
    expect(element.getAttribute('aria-label')).toBe('Bob: do not disturb — in a meeting');

    setShow(session, 'bob@example.com', 'offline');
    await element.updateComplete;
    expect(element.getAttribute('show')).toBe('offline');
  });

  it('is focusable with an image role and shows the status text on focus', async () => {
    const session = createFakeSession();
    setShow(session, 'bob@example.com', 'chat', 'free!');
    const element = badge('bob@example.com');
    element.session = session;
    await mount(element);

    expect(element.tabIndex).toBe(0);
    expect(element.getAttribute('role')).toBe('img');
    element.focus();
    const tip = element.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!;
    expect(tip.matches(':popover-open')).toBe(true);
    expect(tip.textContent).toContain('free!');
    element.blur();
    expect(tip.matches(':popover-open')).toBe(false);
  });

  it('reads the default session when it has none of its own', async () => {
    const element = await mount(badge('carol@example.com'));
    expect(element.getAttribute('show')).toBe('offline');

    const session = createFakeSession();
    setShow(session, 'carol@example.com', 'online');
    defaultSession.value = session;
    await element.updateComplete;
    expect(element.getAttribute('show')).toBe('online');
  });

  it('re-renders only the badge whose contact changed', async () => {
    const session = createFakeSession();
    const badges: ChatletPresenceBadge[] = [];
    for (let i = 0; i < 300; i++) {
      const element = badge(`user${i}@example.com`);
      element.session = session;
      document.body.append(element);
      badges.push(element);
    }
    await Promise.all(badges.map((b) => b.updateComplete));

    let renders = 0;
    for (const b of badges) {
      const original = b.render.bind(b);
      b.render = () => {
        renders++;
        return original();
      };
    }
    setShow(session, 'user7@example.com', 'away');
    await badges[7]!.updateComplete;
    expect(badges[7]!.show).toBe('away');
    expect(badges[8]!.show).toBe('offline');
    expect(renders).toBe(1);
  });
});
