import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/index.js';
import type { ChatletContactList } from '../../../src/components/index.js';
import { ChatletSelectEvent } from '../../../src/components/index.js';
import { addMessages, addRequest, setRoster } from '../../../src/store/store.js';
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

async function list(session: FakeSession, attributes: Record<string, string> = {}) {
  const element = document.createElement('chatlet-contact-list');
  element.session = session;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  await mount(element, 'height: 500px; width: 360px');
  await until(() => rows(element).length > 0 || !!element.shadowRoot!.querySelector('.empty'));
  return element;
}

function rows(element: ChatletContactList): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="contact"]')];
}

function headers(element: ChatletContactList): string[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="group"]')].map(
    (h) => h.dataset.group!,
  );
}

function roster(): FakeSession {
  const session = createFakeSession();
  setRoster(session.store, [
    contact('alice@example.com', 'Alice', ['Friends']),
    contact('bob@example.com', 'Bob', ['Friends', 'Work']),
    contact('carol@example.com', 'Carol', ['Work']),
    contact('dave@example.com', undefined, []),
    contact('erin@example.com', 'Erin', ['Work']),
  ]);
  setShow(session, 'carol@example.com', 'away', 'at lunch');
  setShow(session, 'erin@example.com', 'online');
  return session;
}

describe('<chatlet-contact-list>', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('groups contacts, lists a contact in each of its groups, ungrouped under "Contacts"', async () => {
    const element = await list(roster());
    expect(headers(element)).toEqual(['Friends', 'Work', 'Contacts']);
    const jids = rows(element).map((r) => r.dataset.jid);
    expect(jids).toEqual([
      'alice@example.com',
      'bob@example.com',
      // Work: online first (Carol away, Erin online), then by name
      'carol@example.com',
      'erin@example.com',
      'bob@example.com',
      'dave@example.com',
    ]);
  });

  it('shows the name, the JID local part when there is no name, and the status text', async () => {
    const element = await list(roster());
    const carol = rows(element).find((r) => r.dataset.jid === 'carol@example.com')!;
    expect(carol.textContent).toContain('Carol');
    expect(carol.textContent).toContain('at lunch');
    const dave = rows(element).find((r) => r.dataset.jid === 'dave@example.com')!;
    expect(dave.querySelector('.name')!.textContent).toBe('dave');
  });

  it('moves contacts that come online above the offline ones', async () => {
    const session = roster();
    const element = await list(session, { group: 'Friends' });
    expect(rows(element).map((r) => r.dataset.jid)).toEqual([
      'alice@example.com',
      'bob@example.com',
    ]);
    setShow(session, 'bob@example.com', 'chat');
    await element.updateComplete;
    await until(() => rows(element)[0]?.dataset.jid === 'bob@example.com');
  });

  it('shows unread counts per contact', async () => {
    const session = roster();
    addMessages(session.store, [
      message('carol@example.com', 'hi'),
      message('carol@example.com', 'are you there?'),
    ]);
    const element = await list(session, { group: 'Work' });
    const carol = rows(element).find((r) => r.dataset.jid === 'carol@example.com')!;
    expect(carol.querySelector('[part="unread"]')!.textContent!.trim()).toBe('2');
    const erin = rows(element).find((r) => r.dataset.jid === 'erin@example.com')!;
    expect(erin.querySelector('[part="unread"]')).toBeNull();

    addMessages(session.store, [message('erin@example.com', 'ping')]);
    await until(
      () =>
        rows(element)
          .find((r) => r.dataset.jid === 'erin@example.com')
          ?.querySelector('[part="unread"]')
          ?.textContent?.trim() === '1',
    );
  });

  it('filters by the filter attribute and by the search field', async () => {
    const element = await list(roster(), { filter: 'car' });
    expect(rows(element).map((r) => r.dataset.jid)).toEqual(['carol@example.com']);

    const search = element.shadowRoot!.querySelector<HTMLInputElement>('[part="search"]')!;
    expect(search.value).toBe('car');
    search.value = 'DAVE@';
    search.dispatchEvent(new Event('input'));
    await element.updateComplete;
    await until(
      () => rows(element).length === 1 && rows(element)[0]!.dataset.jid === 'dave@example.com',
    );
    expect(element.getAttribute('filter')).toBe('DAVE@');

    search.value = 'nobody';
    search.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('.empty')!.textContent).toContain('nobody');
  });

  it('shows only one group with the group attribute', async () => {
    const element = await list(roster(), { group: 'Work' });
    expect(headers(element)).toEqual([]);
    // Carol (away) and Erin (online) are both online, so they come before Bob.
    expect(rows(element).map((r) => r.dataset.jid)).toEqual([
      'carol@example.com',
      'erin@example.com',
      'bob@example.com',
    ]);
  });

  it('collapses a group from its header', async () => {
    const element = await list(roster());
    const friends = element.shadowRoot!.querySelector<HTMLButtonElement>('[data-group="Friends"]')!;
    friends.click();
    await element.updateComplete;
    await until(() => !rows(element).some((r) => r.dataset.jid === 'alice@example.com'));
    expect(friends.getAttribute('aria-expanded')).toBe('false');
  });

  it('emits chatlet-select on click and on Enter, bubbling out of the shadow root', async () => {
    const element = await list(roster());
    const selected: string[] = [];
    document.body.addEventListener('chatlet-select', (e) => {
      expect(e).toBeInstanceOf(ChatletSelectEvent);
      selected.push(e.detail.jid);
    });
    rows(element)[0]!.click();
    const erin = rows(element).find((r) => r.dataset.jid === 'erin@example.com')!;
    const button = erin.querySelector<HTMLButtonElement>('.contact-main')!;
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    // Buttons turn Enter into a click natively; a synthetic key event does not, so click too.
    button.click();
    expect(selected).toEqual(['alice@example.com', 'erin@example.com']);
  });

  it('moves focus between rows with the arrow keys', async () => {
    const element = await list(roster());
    const first = rows(element)[0]!.querySelector<HTMLButtonElement>('.contact-main')!;
    first.focus();
    first.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }),
    );
    await until(
      () =>
        (element.shadowRoot!.activeElement as HTMLElement | null)?.closest<HTMLElement>(
          '[part="contact"]',
        )?.dataset.jid === 'bob@example.com',
    );
  });

  it('shows subscription requests with Accept and Decline', async () => {
    const session = roster();
    addRequest(session.store, { jid: 'frank@example.com', nick: 'Frank' });
    addRequest(session.store, { jid: 'grace@example.com' });
    const element = await list(session);
    const requests = element.shadowRoot!.querySelectorAll<HTMLElement>('.request');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.textContent).toContain('Frank');

    requests[0]!.querySelector<HTMLButtonElement>('.accept')!.click();
    requests[1]!.querySelector<HTMLButtonElement>('.decline')!.click();
    expect(session.calls).toContainEqual(['answerRequest', 'frank@example.com', true]);
    expect(session.calls).toContainEqual(['answerRequest', 'grace@example.com', false]);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('.requests')).toBeNull();
  });

  it('adds a contact from the inline form', async () => {
    const session = roster();
    const element = await list(session);
    element.shadowRoot!.querySelector<HTMLButtonElement>('.add')!.click();
    await element.updateComplete;
    const form = element.shadowRoot!.querySelector<HTMLFormElement>('.add-form')!;
    form.querySelector<HTMLInputElement>('[name="jid"]')!.value = 'Heidi@Example.com';
    form.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Heidi';
    form.querySelector<HTMLInputElement>('[name="group"]')!.value = 'Work';
    form.requestSubmit();
    await until(() => rows(element).some((r) => r.dataset.jid === 'heidi@example.com'));
    expect(session.calls).toContainEqual([
      'addContact',
      'heidi@example.com',
      { name: 'Heidi', groups: ['Work'] },
    ]);
    expect(element.shadowRoot!.querySelector('.add-form')).toBeNull();
  });

  it('renames, moves and removes (after confirming) from the row menu', async () => {
    const session = roster();
    const element = await list(session);
    const openMenu = async (jid: string, action: string) => {
      const row = () => rows(element).find((r) => r.dataset.jid === jid)!;
      row().querySelector<HTMLButtonElement>('.more')!.click();
      const button = () =>
        [...row().querySelectorAll<HTMLButtonElement>('.actions button')].find(
          (b) => b.textContent!.trim() === action,
        );
      await until(() => !!button());
      button()!.click();
      // The menu's first button is Rename; a chosen action replaces the menu.
      await until(() => row().querySelector('.actions button')?.textContent?.trim() !== 'Rename');
      return row();
    };

    let row = await openMenu('alice@example.com', 'Rename');
    row.querySelector<HTMLInputElement>('[name="name"]')!.value = 'Alice Liddell';
    row.querySelector<HTMLFormElement>('form')!.requestSubmit();
    expect(session.calls).toContainEqual([
      'updateContact',
      'alice@example.com',
      { name: 'Alice Liddell' },
    ]);

    await element.updateComplete;
    row = await openMenu('dave@example.com', 'Move to group');
    row.querySelector<HTMLInputElement>('[name="group"]')!.value = 'Friends';
    row.querySelector<HTMLFormElement>('form')!.requestSubmit();
    expect(session.calls).toContainEqual([
      'updateContact',
      'dave@example.com',
      { groups: ['Friends'] },
    ]);

    await element.updateComplete;
    row = await openMenu('erin@example.com', 'Remove');
    expect(session.calls.some(([name]) => name === 'removeContact')).toBe(false);
    const confirm = [...row.querySelectorAll<HTMLButtonElement>('.actions button')].find(
      (b) => b.textContent!.trim() === 'Remove',
    )!;
    confirm.click();
    expect(session.calls).toContainEqual(['removeContact', 'erin@example.com']);
    await until(() => !rows(element).some((r) => r.dataset.jid === 'erin@example.com'));
  });

  it('renders a screenful of a 5,000-contact roster first, more as it is scrolled', async () => {
    const session = createFakeSession();
    const contacts = [];
    for (let i = 0; i < 5000; i++) {
      contacts.push(contact(`user${i}@example.com`, `User ${i}`, [`Team ${i % 10}`]));
    }
    setRoster(session.store, contacts);
    const element = await list(session);
    await frames(5);
    const rendered = rows(element).length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    const scroller = element.shadowRoot!.querySelector<HTMLElement>('[part="list"]')!;
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => rows(element).length > rendered);
    expect(rows(element).length).toBeLessThan(400);
  });

  it('renders the last row when End is pressed in a long roster', async () => {
    const session = createFakeSession();
    const contacts = [];
    for (let i = 0; i < 1000; i++) contacts.push(contact(`u${i}@example.com`, `U ${i}`));
    setRoster(session.store, contacts);
    const element = await list(session);
    await frames(3);
    const first = rows(element)[0]!.querySelector<HTMLButtonElement>('.contact-main')!;
    first.focus();
    first.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }),
    );
    await until(
      () =>
        (element.shadowRoot!.activeElement as HTMLElement | null)?.closest<HTMLElement>(
          '[part="contact"]',
        )?.dataset.jid === 'u999@example.com',
    );
  });
});
