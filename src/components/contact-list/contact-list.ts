import { SignalWatcher } from '@lit-labs/preact-signals';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Session } from '../../api.js';
import { ChatletSelectEvent } from '../shared/events.js';
import { chevronIcon, moreIcon, plusIcon, searchIcon } from '../shared/icons.js';
import { localeOf, words } from '../shared/i18n.js';
import { ListWindow } from '../shared/list-window.js';
import { sessionOf } from '../shared/session.js';
import { controls, tokens } from '../shared/tokens.styles.js';
import { type MenuMode, renderContactMenu, renderRequests } from './contact-actions.js';
import { styles } from './contact-list.styles.js';
import {
  buildRows,
  type ContactRow,
  groupNames,
  type HeaderRow,
  type Row,
  UNGROUPED,
} from './contact-rows.js';

/** Rows rendered at first, and added each time the reader nears the end of the list. */
const STEP = 60;
/** How close to the end of the rendered rows (px) renders more. */
const END_SLACK = 600;

/**
 * The roster by group, with presence, status text and unread counts.
 *
 * A roster of thousands renders a screenful of rows first and more as the
 * reader scrolls. Arrow keys move between rows; Enter or Space selects.
 *
 * @summary The contact list: groups, presence, unread counts, requests.
 *
 * @event {ChatletSelectEvent} chatlet-select - The user picked a contact; `detail.jid` is its bare JID.
 *
 * @csspart header - The search field and the add button.
 * @csspart search - The search input.
 * @csspart requests - Pending subscription requests.
 * @csspart list - The scrolling list of rows.
 * @csspart group - A group header row.
 * @csspart contact - A contact row; carries `data-jid`.
 * @csspart unread - A contact's unread count.
 *
 * @cssproperty --chatlet-accent - Accent colour (unread badges, buttons).
 * @cssproperty --chatlet-bg - Background.
 * @cssproperty --chatlet-fg - Text colour.
 * @cssproperty --chatlet-muted - Secondary text colour.
 * @cssproperty --chatlet-border - Divider and field border colour.
 * @cssproperty --chatlet-surface - Hover and selected row background.
 * @cssproperty --chatlet-radius - Corner radius.
 * @cssproperty --chatlet-font - Font family.
 * @cssproperty --chatlet-font-size - Base font size.
 * @tagname chatlet-contact-list
 */
export class ChatletContactList extends SignalWatcher(LitElement) {
  static override styles = [tokens, controls, styles];

  // Reactive properties, declared without decorators (their helper code is ~0.7 kB gzip of the
  // bundle). `state` ones are private: `attribute: false` keeps them out of the manifest too.
  static override properties = {
    session: { attribute: false },
    filter: { reflect: true },
    group: { reflect: true },
    selected: { reflect: true },
    collapsed: { state: true, attribute: false },
    activeIndex: { state: true, attribute: false },
    menu: { state: true, attribute: false },
    adding: { state: true, attribute: false },
    formError: { state: true, attribute: false },
  };

  /** The session to read; the page's default session when unset. */
  session: Session | undefined;

  /** Text filter on name and JID; also set by the search field. */
  filter = '';

  /** Show only this roster group. */
  group = '';

  /** JID of the contact shown as selected. */
  selected = '';

  private collapsed: ReadonlySet<string> = new Set();
  private activeIndex = 0;
  private menu: { key: string; mode: MenuMode } | null = null;
  private adding = false;
  private formError = '';

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  private rows: Row[] = [];
  /** How many of the rows are rendered. */
  private readonly window = new ListWindow(this, STEP);
  /** The words of this render, for the row templates. */
  private words = words('en');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('filter') || changed.has('group')) {
      this.window.reset();
    }
  }

  protected override updated(): void {
    // Rows that do not fill the list yet: render more until they do or there are no more. A
    // hidden list (no height) waits until it is shown.
    if (this.scroller?.clientHeight) this.onScroll();
  }

  override render() {
    const session = sessionOf(this);
    const w = (this.words = words(localeOf(this)));
    if (!session) return html`<p class="empty">${w.notConnected}</p>`;
    const store = session.store;
    void store.peers.value; // re-render when a conversation (and its unread count) appears
    this.rows = buildRows({
      contacts: session.contacts.value,
      presenceOf: (jid) => session.presenceOf(jid).value,
      unreadOf: (jid) => store.conversations.get(jid)?.unread.value ?? 0,
      filter: this.filter,
      group: this.group,
      collapsed: this.collapsed,
    });
    const active = Math.min(this.activeIndex, Math.max(0, this.rows.length - 1));
    const requests = session.requests.value;
    const hasContacts = session.contacts.value.length > 0;

    return html`
      <div class="header" part="header">
        <label class="search">
          ${searchIcon}
          <span class="visually-hidden">${w.searchContacts}</span>
          <input
            part="search"
            type="search"
            placeholder=${w.searchContacts}
            .value=${this.filter}
            @input=${(e: Event) => {
              this.filter = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
        <button
          class="icon-button add"
          aria-label=${w.addContact}
          title=${w.addContact}
          aria-expanded=${this.adding}
          @click=${() => {
            this.adding = !this.adding;
            this.formError = '';
          }}
        >
          ${plusIcon}
        </button>
      </div>
      ${this.adding ? this.renderAddForm(session) : nothing}
      ${requests.length ? renderRequests(session, requests, w) : nothing}
      ${
        this.rows.length
          ? html`<div
              class="scroller"
              part="list"
              role="list"
              aria-label=${w.contacts}
              @keydown=${this.onKeydown}
              @scroll=${this.onScroll}
            >
              ${this.window.render(
                this.rows,
                (row) => row.key,
                (row, index) =>
                  row.kind === 'header'
                    ? this.renderHeader(row, index, active)
                    : this.renderContact(session, row, index, active),
                {
                  looks: rowLooks,
                  // An open menu lists the groups, which any contact's change can alter.
                  shared: [
                    session,
                    w,
                    active,
                    this.selected,
                    this.menu,
                    this.formError,
                    this.menu && session.contacts.value,
                  ],
                },
              )}
            </div>`
          : html`<p class="empty">${hasContacts ? w.noMatch(this.filter) : w.noContacts}</p>`
      }
    `;
  }

  private renderHeader(row: HeaderRow, index: number, active: number): TemplateResult {
    return html`<div class="row-wrap" role="listitem" data-index=${index}>
      <button
        class="group-header focus-target"
        part="group"
        data-group=${row.group}
        tabindex=${index === active ? 0 : -1}
        aria-expanded=${!row.collapsed}
        @click=${() => this.toggleGroup(row.group)}
        @focus=${() => {
          this.activeIndex = index;
        }}
      >
        <span class="chevron" ?data-collapsed=${row.collapsed}>${chevronIcon}</span>
        <span class="group-name">${row.group === UNGROUPED ? this.words.contacts : row.group}</span>
        <span class="group-count">${row.online}/${row.total}</span>
      </button>
    </div>`;
  }

  private renderContact(
    session: Session,
    row: ContactRow,
    index: number,
    active: number,
  ): TemplateResult {
    const { contact, presence } = row;
    const w = this.words;
    const status = presence.status || w.shows[presence.show];
    const menu = this.menu?.key === row.key ? this.menu : null;
    const tab = index === active ? 0 : -1;
    return html`<div
      class="row-wrap contact"
      role="listitem"
      part="contact"
      data-jid=${contact.jid}
      data-index=${index}
      data-show=${presence.show}
      ?data-selected=${this.selected === contact.jid}
      @click=${(e: Event) => {
        if ((e.target as Element).closest('.more, .actions')) return;
        this.select(contact.jid);
      }}
    >
      <div class="contact-line">
        <button
          class="contact-main focus-target"
          tabindex=${tab}
          aria-current=${this.selected === contact.jid ? 'true' : 'false'}
          @focus=${() => {
            this.activeIndex = index;
          }}
        >
          <span class="avatar" aria-hidden="true">
            ${row.name.slice(0, 1).toUpperCase()}
            <span class="dot" data-show=${presence.show}></span>
          </span>
          <span class="text">
            <span class="name">${row.name}</span>
            <span class="status">${status}</span>
          </span>
          <span class="visually-hidden">, ${w.shows[presence.show]}</span>
          ${
            row.unread
              ? html`<span class="unread" part="unread" aria-label=${w.unreadCount(row.unread)}
                  >${row.unread > 99 ? '99+' : row.unread}</span
                >`
              : nothing
          }
        </button>
        <button
          class="icon-button more"
          tabindex=${tab}
          aria-label=${w.optionsFor(row.name)}
          aria-expanded=${menu !== null}
          @click=${() => {
            this.menu = menu ? null : { key: row.key, mode: 'menu' };
          }}
        >
          ${moreIcon}
        </button>
      </div>
      ${
        menu
          ? renderContactMenu(
              session,
              row,
              menu.mode,
              {
                setMode: (mode) => this.setMode(row, mode),
                close: () => {
                  this.menu = null;
                },
              },
              w,
            )
          : nothing
      }
    </div>`;
  }

  private renderAddForm(session: Session): TemplateResult {
    const w = this.words;
    return html`<form
      class="add-form"
      aria-label=${w.addContact}
      @submit=${(e: SubmitEvent) => this.submitAdd(e, session)}
    >
      <input
        class="input"
        name="jid"
        type="email"
        inputmode="email"
        required
        placeholder="name@example.com"
        aria-label=${w.jid}
        autocomplete="off"
        autofocus
      />
      <div class="add-row">
        <input class="input" name="name" placeholder=${w.nameOptional} aria-label=${w.nameField} />
        <input
          class="input"
          name="group"
          placeholder=${w.groupOptional}
          aria-label=${w.groupField}
          list="add-groups"
        />
        <datalist id="add-groups">
          ${groupNames(session.contacts.value).map((g) => html`<option value=${g}></option>`)}
        </datalist>
      </div>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <div class="add-row end">
        <button
          type="button"
          class="button small"
          @click=${() => {
            this.adding = false;
          }}
        >
          ${w.cancel}
        </button>
        <button class="button small primary">${w.addContact}</button>
      </div>
    </form>`;
  }

  private async submitAdd(e: SubmitEvent, session: Session): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const jid = (data.get('jid') as string).trim().toLowerCase();
    const name = (data.get('name') as string).trim();
    const group = (data.get('group') as string).trim();
    if (!/^[^@\s/]+@[^@\s/]+$/.test(jid)) {
      this.formError = this.words.enterAddress;
      return;
    }
    try {
      await session.addContact(jid, { ...(name ? { name } : {}), groups: group ? [group] : [] });
      this.adding = false;
      this.formError = '';
    } catch (error) {
      this.formError = error instanceof Error ? error.message : String(error);
    }
  }

  private setMode(row: ContactRow, mode: MenuMode): void {
    this.menu = { key: row.key, mode };
  }

  private toggleGroup(group: string): void {
    const next = new Set(this.collapsed);
    if (!next.delete(group)) next.add(group);
    this.collapsed = next;
  }

  private select(jid: string): void {
    this.dispatchEvent(new ChatletSelectEvent(jid));
  }

  private onKeydown = (e: KeyboardEvent): void => {
    const target = e.composedPath()[0] as HTMLElement;
    if (!target.classList?.contains('focus-target')) return;
    const last = this.rows.length - 1;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = this.activeIndex + 1;
        break;
      case 'ArrowUp':
        next = this.activeIndex - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    e.preventDefault();
    void this.focusRow(Math.max(0, Math.min(last, next)));
  };

  /** Near the end of the rendered rows: renders more. */
  private onScroll = (): void => {
    const el = this.scroller;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK) {
      this.window.grow(this.rows.length);
    }
  };

  /** Moves focus to a row (focusing scrolls it into view), rendering it first if need be. */
  private async focusRow(index: number): Promise<void> {
    this.activeIndex = index;
    this.window.cover(index);
    await this.updateComplete;
    this.scroller?.querySelector<HTMLElement>(`[data-index="${index}"] .focus-target`)?.focus();
  }
}

/** What a row shows that can change (the list renders a row again when it does). */
function rowLooks(row: Row): readonly unknown[] {
  return row.kind === 'header'
    ? [row.key, row.total, row.online, row.collapsed]
    : [row.key, row.contact, row.presence, row.unread, row.name];
}

declare global {
  interface HTMLElementTagNameMap {
    'chatlet-contact-list': ChatletContactList;
  }
}
