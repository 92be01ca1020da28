import { SignalWatcher } from '@lit-labs/preact-signals';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Session } from '../../api.js';
import { signingIn } from '../../default-session.js';
import { ChatletCloseEvent, ChatletOpenEvent, ChatletSelectEvent } from '../shared/events.js';
import { localeOf, sayProblem, words } from '../shared/i18n.js';
import { alertIcon, backIcon, closeIcon, downloadIcon, launcherIcon } from '../shared/icons.js';
import { loadContactList } from '../contact-list/contact-list.lazy.js';
import { define } from '../shared/define.js';
import { sessionOf } from '../shared/session.js';
import { controls, tokens } from '../shared/tokens.styles.js';
import type { AccountView } from './account-view.js';
import { loadAccountView } from './account-view.lazy.js';
import { readPanel, writePanel } from './panel-state.js';
import { type NotifyKind, NotifyController } from './notify.js';
import { SupportMode } from './support-mode.js';
import { styles } from './widget.styles.js';

/**
 * Defines `<chatlet-contact-list>` the first time the widget shows it, unless the page already
 * has it: a support visitor never needs the list, so its code is a chunk of its own in the
 * loader's build. The tag renders at once and upgrades when its class arrives.
 */
function defineContactList(): void {
  if (customElements.get('chatlet-contact-list')) return;
  loadContactList().then(
    ({ ChatletContactList }) => define('chatlet-contact-list', ChatletContactList),
    (error: unknown) => console.error('[chatlet] could not load the contact list:', error),
  );
}

/**
 * The floating chat widget: a launcher bubble and a panel with the contact
 * list and a chat pane, or straight to one support conversation.
 *
 * Without a session it shows a login form that connects with the page's
 * {@link defaultConnectOptions} and makes the result the default session.
 *
 * @summary Floating launcher and chat panel.
 *
 * @event {ChatletOpenEvent} chatlet-open - The panel opened.
 * @event {ChatletCloseEvent} chatlet-close - The panel closed.
 * @event {ChatletSelectEvent} chatlet-select - Bubbles up from the contact list when a contact is picked.
 * @event {ChatletMessageEvent} chatlet-message - A new incoming message (`detail.message`).
 * @event {ChatletUnreadChangedEvent} chatlet-unread-changed - The unread total changed (`detail.unread`).
 * @event {ChatletStatusEvent} chatlet-status - The connection status changed (`detail.status`).
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart launcher-unread - The unread count on the launcher.
 * @csspart panel - The chat panel.
 * @csspart panel-header - The panel's header with the own account and presence.
 * @csspart status - The connection status line.
 * @csspart login - The login form.
 * @csspart prechat - The support pre-chat form.
 * @csspart away - The notice that support is away (leave a message).
 * @csspart not-kept - The notice that a visitor's conversation ends with the page (no guest accounts).
 * @csspart unavailable - The notice shown when the chat cannot work on this page.
 *
 * @cssproperty --chatlet-accent - Launcher, header and outgoing bubble colour.
 * @cssproperty --chatlet-accent-fg - Text on the accent colour.
 * @cssproperty --chatlet-bg - Panel background.
 * @cssproperty --chatlet-fg - Text colour.
 * @cssproperty --chatlet-muted - Secondary text colour.
 * @cssproperty --chatlet-border - Divider colour.
 * @cssproperty --chatlet-radius - Corner radius of the panel and bubbles.
 * @cssproperty --chatlet-font - Font family.
 * @cssproperty --chatlet-font-size - Base font size.
 * @cssproperty --chatlet-offset - Distance of the launcher from the viewport's corner. Default `20px`.
 * @cssproperty --chatlet-z-index - Stacking order of the widget. Default `2147483647`, the highest.
 * @cssproperty --chatlet-panel-width - Panel width. Default `380px`.
 * @cssproperty --chatlet-panel-height - Panel height. Default `560px`.
 * @tagname chatlet-widget
 */
export class ChatletWidget extends SignalWatcher(LitElement) {
  static override styles = [tokens, controls, styles];

  // Reactive properties, declared without decorators (their helper code is ~0.7 kB gzip of the
  // bundle). `state` ones are private: `attribute: false` keeps them out of the manifest too.
  static override properties = {
    session: { attribute: false },
    support: { reflect: true },
    supportRoom: { attribute: 'support-room', reflect: true },
    open: { type: Boolean, reflect: true },
    greeting: {},
    prechat: {},
    hours: {},
    unavailable: { type: Boolean, reflect: true },
    locale: { reflect: true },
    theme: { reflect: true },
    notify: {},
    selected: { state: true, attribute: false },
  };

  /** The session to read; the page's default session when unset. */
  session: Session | undefined;

  /** Bare JID of the support agent: the panel opens straight to that conversation. */
  support = '';

  /**
   * Bare JID of a support room (XEP-0045) instead of one agent: the panel opens straight into
   * the room, support is there while one of its members is.
   */
  supportRoom = '';

  /** The support conversation (agent or room), or `''` outside support mode. */
  get supportPeer(): string {
    return this.support || this.supportRoom;
  }

  /** Whether the panel is open. */
  open = false;

  /** Support mode: a greeting shown at the top of the conversation. */
  greeting = '';

  /** Support mode: pre-chat form fields, comma-separated: `name`, `email`, `question`. */
  prechat = '';

  /** Support mode: business hours, shown when support is away. */
  hours = '';

  /** Set when the page's configuration is wrong: the launcher stays, the panel says so. */
  unavailable = false;

  /** `en` or `zh-CN`; the browser's language when unset. Read by the elements inside too. */
  locale: string | null = null;

  /** `light` or `dark`; follows `prefers-color-scheme` when unset. Passed to the elements inside. */
  theme: 'light' | 'dark' | null = null;

  /** Opt-in notifications of new messages, comma-separated: `title`, `sound`, `desktop`. */
  notify = '';

  /** The session the notifications watch. */
  get notifySession(): Session | null {
    return sessionOf(this);
  }

  /** Which notifications the page asked for. */
  get notifyKinds(): NotifyKind[] {
    return this.notify
      .split(/[\s,]+/)
      .filter((k): k is NotifyKind => k === 'title' || k === 'sound' || k === 'desktop');
  }

  /** No sound or desktop notification while the panel is open on a visible page. */
  get notifyQuiet(): boolean {
    return this.open && document.visibilityState === 'visible';
  }

  private readonly supportMode = new SupportMode(this);

  constructor() {
    super();
    new NotifyController(this);
  }

  private selected = '';

  /**
   * The account's header and login form, once their code is here (a support visitor's widget
   * never asks for it); `accountReady` settles when it is.
   */
  private account: AccountView | null = null;
  private accountReady: Promise<void> | null = null;

  /** The account view, or null while its code loads (then the widget renders again). */
  private accountView(): AccountView | null {
    this.accountReady ??= loadAccountView().then(
      ({ AccountView }) => {
        const root = this.renderRoot as ShadowRoot;
        if (AccountView.styles.styleSheet) {
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, AccountView.styles.styleSheet];
        }
        this.account = new AccountView(this, {
          closeButton: () => this.renderCloseButton(),
          // The form is gone: keep a keyboard user's focus in the panel.
          onLoggedIn: () => void this.updateComplete.then(() => this.focusPanel()),
        });
        this.requestUpdate();
      },
      (error: unknown) => {
        this.accountReady = null;
        console.error('[chatlet] could not load the account view:', error);
      },
    );
    return this.account;
  }

  private get launcher(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('.launcher');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(ChatletSelectEvent.eventName, this.onBadgeSelect);
    // Moving to another page of the site keeps the panel as it was (per tab).
    const kept = readPanel();
    if (kept) {
      this.open ||= kept.open;
      this.selected ||= kept.selected;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(ChatletSelectEvent.eventName, this.onBadgeSelect);
  }

  /** A `<chatlet-presence-badge chat>` anywhere on the page opens that conversation here. */
  private onBadgeSelect = (e: ChatletSelectEvent): void => {
    if (
      this.supportPeer ||
      (e.composedPath()[0] as Element).localName !== 'chatlet-presence-badge'
    ) {
      return;
    }
    this.selected = e.detail.jid;
    this.open = true;
    void this.updateComplete.then(() => this.focusPanel());
  };

  /** Opens the panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  /** Opens or closes the panel. */
  toggle(): void {
    this.open = !this.open;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open') || changed.has('selected' as keyof ChatletWidget)) {
      writePanel({ open: this.open, selected: this.selected });
    }
    if (changed.has('open') && changed.get('open') !== undefined) {
      this.dispatchEvent(this.open ? new ChatletOpenEvent() : new ChatletCloseEvent());
      if (this.open) void this.focusPanel();
    }
  }

  /** Moves focus into the panel that just opened: the composer, or the first control. */
  private async focusPanel(): Promise<void> {
    if (this.accountReady && !this.account) {
      await this.accountReady;
      await this.updateComplete;
    }
    const panel = this.renderRoot.querySelector('.panel');
    const pane = panel?.querySelector('chatlet-chat-pane');
    if (pane) {
      await pane.updateComplete;
      pane.shadowRoot?.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    const list = panel?.querySelector('chatlet-contact-list');
    if (list) {
      // The list may still be on its way (its chunk loads the first time it is shown).
      await customElements.whenDefined('chatlet-contact-list');
      await list.updateComplete;
    }
    const first =
      list?.shadowRoot?.querySelector<HTMLElement>('input, button') ??
      panel?.querySelector<HTMLElement>('input, textarea, button');
    first?.focus();
  }

  override render() {
    const session = sessionOf(this);
    const w = words(localeOf(this));
    const unread = session?.unreadTotal.value ?? 0;
    const label = this.open ? w.closeChat : unread ? w.openChatUnread(unread) : w.openChat;
    return html`
      <section
        id="panel"
        class="panel"
        part="panel"
        role="dialog"
        aria-label=${w.chat}
        ?hidden=${!this.open}
        @keydown=${this.onKeydown}
      >
        ${
          !this.open
            ? nothing
            : this.unavailable
              ? this.renderUnavailable()
              : session
                ? this.renderSession(session)
                : signingIn.value
                  ? this.renderSigningIn()
                  : this.renderLogin()
        }
      </section>
      <button
        class="launcher"
        part="launcher"
        aria-label=${label}
        aria-expanded=${this.open}
        aria-controls="panel"
        ?data-unavailable=${this.unavailable}
        @click=${() => this.toggle()}
      >
        <span class="launcher-icon" ?data-open=${this.open}
          >${this.open ? closeIcon : launcherIcon}</span
        >
        ${
          unread && !this.open
            ? html`<span class="launcher-unread" part="launcher-unread" aria-hidden="true"
                >${unread > 99 ? '99+' : unread}</span
              >`
            : nothing
        }
      </button>
    `;
  }

  /** A panel header with a title, an optional line under it, and the close button. */
  private renderTitleHeader(title: string, subtitle = ''): TemplateResult {
    return html`<header class="panel-header login-header" part="panel-header">
      <div class="title-row">
        <div class="me-text">
          <div class="title">${title}</div>
          ${subtitle ? html`<div class="jid">${subtitle}</div>` : nothing}
        </div>
        ${this.renderCloseButton()}
      </div>
    </header>`;
  }

  private renderUnavailable(): TemplateResult {
    const w = words(localeOf(this));
    return html`${this.renderTitleHeader(w.unavailableTitle)}
      <div class="notice-page" part="unavailable" role="status">
        <span class="notice-icon">${alertIcon}</span>
        <p>${w.unavailable}</p>
      </div>`;
  }

  private renderSession(session: Session): TemplateResult {
    const w = words(localeOf(this));
    if (this.supportPeer && this.supportMode.needsPrechat(session)) {
      return this.supportMode.renderPrechat(session, (title, subtitle) =>
        this.renderTitleHeader(title, subtitle),
      );
    }
    const peer = this.supportPeer || this.selected;
    if (!peer) {
      defineContactList();
      return html`${this.accountView()?.renderHeader(session) ?? this.renderTitleHeader(w.chats)}
        ${this.renderStatus(session)}
        <div class="body">
          <chatlet-contact-list
            .session=${session}
            theme=${this.theme ?? nothing}
            @chatlet-select=${(e: ChatletSelectEvent) => {
              this.selected = e.detail.jid;
              void this.updateComplete.then(() => this.focusPanel());
            }}
          ></chatlet-contact-list>
        </div>`;
    }
    // In a conversation the pane's own header (the contact) heads the panel.
    return html`<div class="body">
      <chatlet-chat-pane
        class="conversation"
        .session=${session}
        theme=${this.theme ?? nothing}
        jid=${peer}
        greeting=${this.supportPeer ? this.greeting : ''}
        .beforeSend=${this.supportPeer ? this.supportMode.decorateFirst : undefined}
      >
        ${
          this.supportPeer
            ? html`<button
                slot="header-end"
                class="icon-button on-accent"
                aria-label=${w.transcript}
                title=${w.transcript}
                @click=${() => this.supportMode.downloadTranscript(session)}
              >
                ${downloadIcon}
              </button>`
            : html`<button
                slot="header-start"
                class="icon-button on-accent back"
                aria-label=${w.backToContacts}
                title=${w.backToContacts}
                @click=${() => {
                  this.selected = '';
                }}
              >
                ${backIcon}
              </button>`
        }
        <button
          slot="header-end"
          class="icon-button on-accent"
          aria-label=${w.closeChat}
          title=${w.close}
          @click=${() => this.close()}
        >
          ${closeIcon}
        </button>
        ${this.supportPeer ? this.supportMode.renderAway(session) : nothing}
      </chatlet-chat-pane>
      ${this.renderStatus(session)}
    </div>`;
  }

  private renderStatus(session: Session): TemplateResult | typeof nothing {
    const locale = localeOf(this);
    const w = words(locale);
    const status = session.status.value;
    if (status !== 'connecting' && status !== 'reconnecting' && status !== 'error') return nothing;
    const text =
      status === 'error'
        ? sayProblem(locale, session.error.value || w.couldNotConnect)
        : status === 'connecting'
          ? w.connecting
          : w.reconnecting;
    return html`<div class="status-line" part="status" role="status" data-status=${status}>
      ${text}
    </div>`;
  }

  /** The panel's close button, the same in every header. */
  private renderCloseButton(): TemplateResult {
    const w = words(localeOf(this));
    return html`<button
      class="icon-button on-accent"
      aria-label=${w.closeChat}
      title=${w.close}
      @click=${() => this.close()}
    >
      ${closeIcon}
    </button>`;
  }

  /** While the page logs in by itself: the panel's frame, and no form to flash. */
  private renderSigningIn(): TemplateResult {
    const w = words(localeOf(this));
    return html`${this.renderTitleHeader(w.chat)}
      <div class="body" aria-busy="true"></div>
      <div class="status-line" part="status" role="status" data-status="connecting">
        ${w.connecting}
      </div>`;
  }

  private renderLogin(): TemplateResult {
    const w = words(localeOf(this));
    const account = this.accountView();
    return account
      ? html`${this.renderTitleHeader(w.welcome, w.signIn)} ${account.renderLogin()}`
      : this.renderSigningIn();
  }

  private onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.close();
    }
  };

  private close(): void {
    this.open = false;
    this.launcher?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chatlet-widget': ChatletWidget;
  }
}
