// What a person does to contacts from the list: answer requests, and the
// per-contact menu (rename, move to a group, remove).
import { html, type TemplateResult } from 'lit';
import type { Session } from '../../api.js';
import type { SubscriptionRequest } from '../../store/types.js';
import type { Words } from '../shared/i18n.js';
import { localPart } from '../shared/session.js';
import { type ContactRow, groupNames } from './contact-rows.js';

/** Which part of a contact's menu is open. */
export type MenuMode = 'menu' | 'rename' | 'move' | 'remove';

/** What the menu asks of the list it sits in. */
export interface MenuActions {
  setMode(mode: MenuMode): void;
  close(): void;
}

/** The pending subscription requests, each with Accept and Decline. */
export function renderRequests(
  session: Session,
  requests: readonly SubscriptionRequest[],
  w: Words,
): TemplateResult {
  return html`<section class="requests" part="requests" aria-label=${w.requests}>
    ${requests.map(
      (request) =>
        html`<div class="request" data-jid=${request.jid}>
          <span class="text">
            <span class="name">${request.nick || localPart(request.jid)}</span>
            <span class="status">${w.wantsToAdd(request.jid)}</span>
          </span>
          <button
            class="button small primary accept"
            @click=${() => void session.answerRequest(request.jid, true)}
          >
            ${w.accept}
          </button>
          <button
            class="button small decline"
            @click=${() => void session.answerRequest(request.jid, false)}
          >
            ${w.decline}
          </button>
        </div>`,
    )}
  </section>`;
}

/** A contact's menu, or the form of the action picked from it. */
export function renderContactMenu(
  session: Session,
  row: ContactRow,
  mode: MenuMode,
  { setMode, close }: MenuActions,
  w: Words,
): TemplateResult {
  const { contact } = row;
  switch (mode) {
    case 'menu':
      return html`<div class="actions" role="group" aria-label=${w.optionsFor(row.name)}>
        <button class="button small" @click=${() => setMode('rename')}>${w.rename}</button>
        <button class="button small" @click=${() => setMode('move')}>${w.moveToGroup}</button>
        <button class="button small danger" @click=${() => setMode('remove')}>${w.remove}</button>
      </div>`;
    case 'rename':
      return html`<form
        class="actions"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          const name = (new FormData(e.target as HTMLFormElement).get('name') as string).trim();
          void session.updateContact(contact.jid, { name });
          close();
        }}
      >
        <label class="visually-hidden" for="rename">${w.newNameFor(row.name)}</label>
        <input
          id="rename"
          class="input"
          name="name"
          .value=${contact.name ?? ''}
          placeholder=${localPart(contact.jid)}
          autofocus
        />
        <button class="button small primary">${w.save}</button>
        <button type="button" class="button small" @click=${close}>${w.cancel}</button>
      </form>`;
    case 'move': {
      const groups = groupNames(session.contacts.value);
      return html`<form
        class="actions"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          const group = (new FormData(e.target as HTMLFormElement).get('group') as string).trim();
          const others = contact.groups.filter((g) => g !== row.group);
          void session.updateContact(contact.jid, {
            groups: group ? [...new Set([...others, group])] : others,
          });
          close();
        }}
      >
        <label class="visually-hidden" for="move">${w.moveNameTo(row.name)}</label>
        <input
          id="move"
          class="input"
          name="group"
          list="groups"
          placeholder=${w.groupName}
          autofocus
        />
        <datalist id="groups">${groups.map((g) => html`<option value=${g}></option>`)}</datalist>
        <button class="button small primary">${w.move}</button>
        <button type="button" class="button small" @click=${close}>${w.cancel}</button>
      </form>`;
    }
    case 'remove':
      return html`<div class="actions" role="alertdialog" aria-label=${w.removeName(row.name)}>
        <span class="confirm">${w.removeName(row.name)}</span>
        <button
          class="button small danger"
          @click=${() => {
            void session.removeContact(contact.jid);
            close();
          }}
        >
          ${w.remove}
        </button>
        <button class="button small" @click=${close}>${w.cancel}</button>
      </div>`;
  }
}
