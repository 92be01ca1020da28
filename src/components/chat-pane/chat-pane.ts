import { SignalWatcher } from '@lit-labs/preact-signals';
import { effect, signal } from '@preact/signals-core';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Conversation, Room, Session } from '../../api.js';
import { MAYBE_NOT_SENT, type Message } from '../../store/types.js';
import { dayKey } from '../shared/format-time.js';
import { alertIcon, sendIcon } from '../shared/icons.js';
import { type Locale, localeOf, sayProblem, words, type Words } from '../shared/i18n.js';
import { ListWindow } from '../shared/list-window.js';
import { localPart, sessionOf } from '../shared/session.js';
import { controls, tokens } from '../shared/tokens.styles.js';
import { styles } from './chat-pane.styles.js';
import { buildItems, type HistoryItem } from './history-items.js';
import { deliveryMark, MessageTimes, senderName } from './message-meta.js';

/** How close to the top (px) starts showing, then loading, older messages. */
const TOP_SLACK = 600;
/** Messages (and day separators) rendered at first, and added each time the reader nears the top. */
const STEP = 60;

/**
 * One conversation: header, history and a composer.
 *
 * Message bodies are always rendered as text. The history renders the newest
 * messages first and more as the reader scrolls up, loading older ones from
 * the cache or archive at the top. It scrolls from the bottom (a reversed
 * flex box): new messages stay in view while the reader is at the bottom, and
 * neither new nor older messages move what the reader is looking at. It marks
 * the conversation read while it is on screen.
 *
 * @summary A conversation with one contact.
 *
 * @slot header-start - Before the contact's name in the header (e.g. a back button).
 * @slot header-end - At the end of the header (e.g. a close button).
 * @slot notice - Above the composer (e.g. "support is away").
 *
 * @csspart header - The header with the contact's name and presence.
 * @csspart history - The scrolling message history.
 * @csspart message - One message; carries `data-id` and `data-direction="in|out"`.
 * @csspart bubble - The body of a message.
 * @csspart greeting - The greeting shown before the first message.
 * @csspart day - A day separator.
 * @csspart gap - A notice that some history could not be loaded, with a Retry button.
 * @csspart composer - The form with the text field and send button.
 * @csspart input - The text field.
 * @csspart send - The send button.
 *
 * @cssproperty --chatlet-accent - Outgoing bubble and send button colour.
 * @cssproperty --chatlet-accent-fg - Text on outgoing bubbles.
 * @cssproperty --chatlet-surface - Incoming bubble colour.
 * @cssproperty --chatlet-bg - Background.
 * @cssproperty --chatlet-fg - Text colour.
 * @cssproperty --chatlet-muted - Times, separators and status text.
 * @cssproperty --chatlet-border - Divider colour.
 * @cssproperty --chatlet-danger - Failed message colour.
 * @cssproperty --chatlet-radius - Bubble corner radius.
 * @cssproperty --chatlet-font - Font family.
 * @cssproperty --chatlet-font-size - Base font size.
 * @tagname chatlet-chat-pane
 */
export class ChatletChatPane extends SignalWatcher(LitElement) {
  static override styles = [tokens, controls, styles];

  // Reactive properties, declared without decorators (their helper code is ~0.7 kB gzip of the
  // bundle). `state` ones are private: `attribute: false` keeps them out of the manifest too.
  static override properties = {
    session: { attribute: false },
    jid: { reflect: true },
    greeting: {},
    beforeSend: { attribute: false },
    composerError: { state: true, attribute: false },
    sending: { state: true, attribute: false },
  };

  /** The session to read; the page's default session when unset. */
  session: Session | undefined;

  /** Bare JID of the other party. */
  jid = '';

  /** A greeting shown at the top of the conversation, as if the other party had said it. */
  greeting = '';

  /**
   * Changes the composer's text before it is sent (e.g. adds the page address to a support
   * visitor's first message). What the person typed is what stays in the composer on failure.
   */
  beforeSend: ((text: string) => string) | undefined;

  private composerError = '';
  private sending = false;

  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }
  private get history(): HTMLElement | null {
    return this.renderRoot.querySelector('.history');
  }

  /** How many of the newest items are rendered. */
  private readonly window = new ListWindow(this, STEP);
  private loadingOlder = false;
  private items: HistoryItem[] = [];
  /** What `items` was built from: the messages, the day ("Today" moves at midnight), the words. */
  private itemsFrom: {
    messages: readonly Message[];
    today: string;
    greeting: string;
    locale: Locale;
  } | null = null;
  /** The locale of this render, for the item templates. */
  private shownLocale: Locale = 'en';
  /** Each message's times as text, formatted once. */
  private readonly times = new MessageTimes();
  private conversationRef: Conversation | null = null;
  private readonly visible = signal(
    typeof document === 'undefined' || document.visibilityState === 'visible',
  );
  private stopReading: (() => void) | undefined;
  private needsReadEffect = true;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    this.needsReadEffect = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopReading?.();
    this.stopReading = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('jid') || changed.has('session')) {
      this.window.reset();
      this.composerError = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('jid') || changed.has('session')) this.toBottom();
    // A history that does not fill the pane: show (or load) more until it does or there is no
    // more. Not while hidden (no height), nor after loading failed (the gap offers Retry).
    const el = this.history;
    if (el?.clientHeight && !this.conversationRef?.olderError.value) this.onScroll();
    if (this.needsReadEffect || changed.has('jid') || changed.has('session')) {
      this.needsReadEffect = false;
      this.stopReading?.();
      // Mark read whenever there is something unread while the page is visible.
      this.stopReading = effect(() => {
        const session = sessionOf(this);
        if (!session || !this.jid || !this.visible.value) return;
        const conversation = session.conversation(this.jid);
        if (conversation.unread.value > 0) conversation.markRead();
      });
    }
  }

  override render() {
    const session = sessionOf(this);
    const locale = (this.shownLocale = localeOf(this));
    const w = words(locale);
    if (!session || !this.jid) return html`<p class="empty">${w.noConversation}</p>`;
    const conversation = session.conversation(this.jid);
    this.conversationRef = conversation;
    const messages = conversation.messages.value;
    const contact = session.store.contacts.value.get(this.jid);
    // A room (XEP-0045) the session is in: its own name, and who of its people is there.
    const room = session.store.rooms.value.has(this.jid) ? session.joinRoom(this.jid) : null;
    const name = room?.name.value || contact?.name?.trim() || localPart(this.jid);
    const presence = session.presenceOf(this.jid).value;

    this.updateItems(messages, locale);
    const lastIncoming = findLastIncoming(messages);

    return html`
      <header part="header">
        <slot name="header-start"></slot>
        <span class="avatar" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</span>
        <div class="who">
          <div class="name-line">
            <span class="name">${name}</span>
            ${
              room
                ? nothing
                : html`<chatlet-presence-badge
                    .session=${session}
                    jid=${this.jid}
                    name=${name}
                  ></chatlet-presence-badge>`
            }
          </div>
          <div class="status" dir="auto">
            ${room ? roomStatus(room, w) : presence.status || w.shows[presence.show]}
          </div>
        </div>
        <slot name="header-end"></slot>
      </header>
      ${this.renderGap(session.historyGap.value && w.historyGap, w, () => session.retryHistory())}
      ${this.renderGap(conversation.olderError.value && w.olderFailed, w, () => this.loadOlder())}
      ${
        messages.length || this.greeting
          ? html`<div
              class="history"
              part="history"
              role="list"
              aria-label=${w.messagesWith(name)}
              tabindex="0"
              @scroll=${this.onScroll}
            >
              <div class="log">
                ${this.window.render(
                  this.items,
                  (item) => item.key,
                  (item) => this.renderItem(item, name),
                  { fromEnd: true, looks: itemLooks, shared: [name, locale] },
                )}
              </div>
            </div>`
          : html`<div class="history empty-state" part="history">
              <div class="hello" aria-hidden="true">👋</div>
              <p>${w.noMessages}</p>
            </div>`
      }
      <slot name="notice"></slot>
      <div class="visually-hidden" aria-live="polite">
        ${lastIncoming ? `${name}: ${lastIncoming.body}` : ''}
      </div>
      <form class="composer" part="composer" @submit=${this.onSubmit}>
        <label class="visually-hidden" for="input">${w.messageTo(name)}</label>
        <textarea
          id="input"
          part="input"
          rows="1"
          dir="auto"
          placeholder=${w.writeMessage}
          @keydown=${this.onKeydown}
          @input=${this.autoGrow}
        ></textarea>
        <button
          class="send"
          part="send"
          aria-label=${w.send}
          title=${w.send}
          ?disabled=${this.sending}
        >
          ${sendIcon}
        </button>
      </form>
      ${
        this.composerError
          ? html`<p class="composer-error" role="alert">${this.composerError}</p>`
          : nothing
      }
    `;
  }

  /**
   * A range of history that could not be fetched: said plainly, with a way to try again. The
   * session's reason is in English; the element says it in its own words.
   */
  private renderGap(reason: string | null, w: Words, retry: () => Promise<void>) {
    if (!reason) return nothing;
    return html`<div class="gap" part="gap" role="status">
      ${alertIcon}<span>${reason}</span>
      <button class="retry" @click=${() => void retry()}>${w.retry}</button>
    </div>`;
  }

  private renderItem(item: HistoryItem, name: string): TemplateResult {
    if (item.kind === 'day') {
      return html`<div class="day" part="day" role="listitem"><span>${item.label}</span></div>`;
    }
    if (item.kind === 'note') {
      return html`<div class="message" part="greeting" role="listitem" data-direction="in">
        <div class="bubble" part="bubble" dir="auto">${item.text}</div>
      </div>`;
    }
    const { message, first } = item;
    const failed = message.state === 'failed' || (message.direction === 'in' && !!message.error);
    const w = words(this.shownLocale);
    return html`<div
      class="message"
      part="message"
      role="listitem"
      data-id=${message.id}
      data-direction=${message.direction}
      data-state=${message.state ?? nothing}
      ?data-first=${first}
    >
      ${
        message.direction === 'in' && first
          ? html`<div class="sender">${senderName(message, name)}</div>`
          : nothing
      }
      <div class="bubble" part="bubble" dir="auto">${message.body}</div>
      <div class="meta">
        ${this.times.render(message, this.shownLocale)}
        ${message.direction === 'out' ? deliveryMark(message, w) : nothing}
      </div>
      ${
        failed
          ? html`<div class="failure" role="alert">
              ${alertIcon}
              <span
                >${
                  message.error === MAYBE_NOT_SENT
                    ? w.maybeNotSent
                    : message.error || w.notDelivered
                }</span
              >
              ${
                message.direction === 'out'
                  ? html`<button class="retry" @click=${() => this.retry(message.id)}>
                      ${w.retry}
                    </button>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </div>`;
  }

  /**
   * Rebuilds the history items only when the messages (or the day) change: the pane also
   * renders for presence, composer and contact changes.
   */
  private updateItems(messages: readonly Message[], locale: Locale): void {
    const now = Date.now();
    const today = dayKey(now);
    const from = this.itemsFrom;
    const greeting = this.greeting;
    if (
      from?.messages === messages &&
      from.today === today &&
      from.greeting === greeting &&
      from.locale === locale
    ) {
      return;
    }
    this.items = buildItems(messages, now, greeting, locale);
    this.itemsFrom = { messages, today, greeting, locale };
  }

  /** Near the top: renders more of what is loaded, else loads older messages. */
  private onScroll = (): void => {
    const el = this.history;
    // scrollTop is 0 at the bottom and negative above it (the history is a reversed flex box).
    if (el && el.scrollHeight + el.scrollTop - el.clientHeight <= TOP_SLACK) {
      if (!this.window.grow(this.items.length)) void this.loadOlder();
    }
  };

  /** Back to the newest message. */
  private toBottom(): void {
    const el = this.history;
    if (el) el.scrollTop = 0;
  }

  private async loadOlder(): Promise<void> {
    const conversation = this.conversationRef;
    if (!conversation || this.loadingOlder || conversation.complete.value) return;
    this.loadingOlder = true;
    try {
      await conversation.loadOlder();
      await this.updateComplete;
      // Show what came, without waiting for the reader to scroll again.
      this.window.grow(this.items.length);
    } catch {
      // Nothing to show: the next scroll to the top tries again.
    } finally {
      this.loadingOlder = false;
    }
  }

  private onVisibility = (): void => {
    this.visible.value = document.visibilityState === 'visible';
  };

  private onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    void this.send();
  };

  private onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    void this.send();
  };

  private autoGrow = (): void => {
    const textarea = this.textarea;
    if (!textarea) return;
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 140)}px`;
  };

  /** Sends the composer's text; the text stays in the composer unless sending succeeds. */
  async send(): Promise<void> {
    const textarea = this.textarea;
    const session = sessionOf(this);
    if (!textarea || !session || !this.jid || this.sending) return;
    const text = textarea.value;
    if (!text.trim()) return;
    this.sending = true;
    this.composerError = '';
    try {
      await session.conversation(this.jid).send(this.beforeSend ? this.beforeSend(text) : text);
      // Keep anything typed while the message was on its way.
      textarea.value = textarea.value.startsWith(text)
        ? textarea.value.slice(text.length).trimStart()
        : textarea.value;
      this.autoGrow();
      this.toBottom();
    } catch (error) {
      this.composerError = words(this.shownLocale).notSent(
        sayProblem(this.shownLocale, error instanceof Error ? error.message : String(error)),
      );
    } finally {
      this.sending = false;
    }
  }

  private async retry(id: string): Promise<void> {
    try {
      await this.conversationRef?.retry(id);
    } catch (error) {
      this.composerError = words(this.shownLocale).retryFailed(
        sayProblem(this.shownLocale, error instanceof Error ? error.message : String(error)),
      );
    }
  }
}

/** Who of a room's own people (owners, admins, members) is there, by nick. */
function roomStatus(room: Room, w: Words): string {
  const own = room.nick.value;
  const staff = room.occupants.value
    .filter((o) => o.nick !== own && ['owner', 'admin', 'member'].includes(o.affiliation))
    .map((o) => o.nick);
  return staff.length ? w.hereNow(...staff) : w.nobodyHere;
}

/** What a history row shows that can change (the chat pane renders a row again when it does). */
function itemLooks(item: HistoryItem): readonly unknown[] {
  return item.kind === 'message'
    ? [item.message, item.first]
    : [item.kind === 'day' ? item.label : item.text];
}

function findLastIncoming(messages: readonly Message[]): Message | undefined {
  const last = messages[messages.length - 1];
  return last?.direction === 'in' ? last : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'chatlet-chat-pane': ChatletChatPane;
  }
}
