import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import { ChatletPresenceBadge } from '../../../src/components/index.js';
import { defaultSession } from '../../../src/default-session.js';
import { setRoster, upsertContact } from '../../../src/store/store.js';
import { contact, createFakeSession, mount, setShow } from '../fake-session.js';

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
    setRoster(session.store, [contact('bob@example.com', 'Bob')]);
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
    setRoster(session.store, [contact('carol@example.com')]);
    setShow(session, 'carol@example.com', 'online');
    defaultSession.value = session;
    await element.updateComplete;
    expect(element.getAttribute('show')).toBe('online');
  });

  it('re-renders only the badge whose contact changed', async () => {
    const session = createFakeSession();
    setRoster(
      session.store,
      Array.from({ length: 300 }, (_, i) => contact(`user${i}@example.com`)),
    );
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

  it('says the presence is not shared, not offline, for someone who does not share it', async () => {
    const session = createFakeSession();
    setRoster(session.store, [{ ...contact('dave@example.com'), subscription: 'from' }]);
    const stranger = badge('erin@example.com');
    const dave = badge('dave@example.com');
    for (const element of [stranger, dave]) {
      element.session = session;
      await mount(element);
    }
    expect(stranger.getAttribute('show')).toBe('unknown');
    expect(stranger.getAttribute('aria-label')).toBe('erin@example.com: presence not shared');
    expect(dave.getAttribute('show')).toBe('unknown');

    // Dave accepts our request: now his being offline is known.
    upsertContact(session.store, contact('dave@example.com'));
    await dave.updateComplete;
    expect(dave.getAttribute('show')).toBe('offline');
    // Presence heard from someone outside the roster (e.g. directed presence) is shown.
    setShow(session, 'erin@example.com', 'online');
    await stranger.updateComplete;
    expect(stranger.getAttribute('show')).toBe('online');
  });
});
