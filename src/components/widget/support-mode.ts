// Support mode of the widget (`support` or `support-room`): the pre-chat form, asking to see the
// agent's presence (with the visitor's nickname) or joining the room (with it as the nick), the
// "we are away" notice, the visitor's first message with their details and the page address,
// and the transcript download.
import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { Room, Session } from '../../api.js';
import { formatFull } from '../shared/format-time.js';
import { localeOf, words } from '../shared/i18n.js';
import { localPart, sessionOf } from '../shared/session.js';
import { downloadText, firstMessage, transcript, type VisitorDetails } from './support.js';

/** How long to wait for the support agent's presence before saying they are away, in ms. */
const AGENT_GRACE_MS = 3_000;

const FIELDS = ['name', 'email', 'question'] as const;

/** What support mode reads from the widget. */
export interface SupportHost extends ReactiveControllerHost, HTMLElement {
  session: Session | undefined;
  /** Bare JID of the agent or the room; support mode is off when empty. */
  readonly supportPeer: string;
  /** Set when `supportPeer` is a room (XEP-0045). */
  readonly supportRoom: string;
  readonly prechat: string;
  readonly greeting: string;
  readonly hours: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Support mode's state and templates, for the widget to place. */
export class SupportMode implements ReactiveController {
  /** The pre-chat form was sent. */
  private prechatDone = false;
  /** The agent had time to answer the presence request. */
  private graceOver = false;
  private details: VisitorDetails = {};
  private asked: Session | null = null;
  /** The support room, once joined (room mode). */
  private room: Room | null = null;
  private roomOf: Session | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SupportHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.graceTimer);
  }

  /**
   * To know whether the agent is there, the visitor asks to see their presence once per
   * session; the support account accepts such requests (data-subscriptions="accept").
   */
  hostUpdate(): void {
    const { host } = this;
    const session = sessionOf(host);
    if (!host.supportPeer || !session) return;
    // With a name to ask for, ask it first: it goes with the request as the visitor's nickname.
    if (!this.prechatDone && this.fields().includes('name') && !this.sentAny(session)) return;
    if (host.supportRoom && (this.roomOf !== session || !this.room)) {
      // A room: joined as soon as the session is there (before anything is typed for it), and
      // again by the session after every fresh login; the agents are its members.
      const nick = this.details.name;
      this.room = session.joinRoom(host.supportRoom, nick ? { nick } : {});
      this.roomOf = session;
    }
    if (session.status.value !== 'online' || this.asked === session) return;
    this.asked = session;
    const contact = session.store.contacts.value.get(host.supportPeer);
    if (
      !host.supportRoom &&
      (!contact || (contact.subscription !== 'to' && contact.subscription !== 'both'))
    ) {
      const nick = this.details.name;
      session
        .addContact(
          host.supportPeer,
          { name: words(localeOf(host)).support },
          nick ? { nick } : undefined,
        )
        .catch((error: Error) =>
          console.warn(
            `[chatlet] could not ask for ${host.supportPeer}'s presence: ${error.message}`,
          ),
        );
    }
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      this.graceOver = true;
      host.requestUpdate();
    }, AGENT_GRACE_MS);
  }

  /** Whether the pre-chat form comes before the conversation. */
  needsPrechat(session: Session): boolean {
    return !this.prechatDone && this.fields().length > 0 && !this.sentAny(session);
  }

  /** The pre-chat form; `header` is the panel header the widget draws around a title. */
  renderPrechat(
    session: Session,
    header: (title: string, subtitle: string) => TemplateResult,
  ): TemplateResult {
    const w = words(localeOf(this.host));
    const fields = this.fields();
    const field = (name: string, label: string, control: TemplateResult) =>
      fields.includes(name) ? html`<label><span>${label}</span>${control}</label>` : nothing;
    return html`${header(w.prechatTitle, w.prechatIntro)}
      ${this.host.greeting ? html`<p class="greeting">${this.host.greeting}</p>` : nothing}
      <form class="login" part="prechat" @submit=${(e: SubmitEvent) => this.onPrechat(e, session)}>
        ${field('name', w.name, html`<input class="input" name="name" autocomplete="name" required />`)}
        ${field(
          'email',
          w.email,
          html`<input class="input" name="email" type="email" autocomplete="email" required />`,
        )}
        ${field(
          'question',
          w.question,
          html`<textarea class="input" name="question" rows="3" required></textarea>`,
        )}
        <button class="button primary login-button">${w.startChat}</button>
      </form>`;
  }

  /** The "we are away" notice for the chat pane's `notice` slot, when the agent is away. */
  renderAway(session: Session): TemplateResult {
    const w = words(localeOf(this.host));
    // Said plainly, before anything is typed: this server keeps no guest accounts.
    const notKept =
      session.visitor.value === 'not-kept'
        ? html`<div slot="notice" class="away" part="not-kept" role="status">
            <span>${w.notKept}</span>
          </div>`
        : nothing;
    if (this.room?.state.value === 'error') {
      return html`${notKept}
        <div slot="notice" class="away" part="away" role="status">
          <strong>${w.unavailableTitle}</strong><span>${w.roomProblem}</span>
        </div>`;
    }
    const away = this.agentAway(session)
      ? html`<div slot="notice" class="away" part="away" role="status">
          <strong>${w.awayTitle}</strong>
          <span>${w.away}</span>
          ${this.host.hours ? html`<span class="hours">${this.host.hours}</span>` : nothing}
        </div>`
      : nothing;
    return html`${notKept}${away}`;
  }

  /** Adds the visitor's details and the page address to their first message. */
  readonly decorateFirst = (text: string): string => {
    const session = sessionOf(this.host);
    if (!session || this.sentAny(session)) return text;
    const w = words(localeOf(this.host));
    return firstMessage(text, this.details, location.href, { ...w, name: w.nameLabel });
  };

  /** Offers the conversation as a text file. */
  downloadTranscript(session: Session): void {
    const { host } = this;
    const locale = localeOf(host);
    const w = words(locale);
    const contact = session.store.contacts.value.get(host.supportPeer);
    const them = contact?.name || localPart(host.supportPeer);
    const text = transcript(
      session.conversation(host.supportPeer).messages.value,
      { you: w.you, them },
      `${w.chat}: ${them} — ${formatFull(Date.now(), locale)}`,
      (time) => formatFull(time, locale),
    );
    const day = new Date().toISOString().slice(0, 10);
    downloadText(`${w.transcriptFile}-${day}.txt`, text, host.renderRoot);
  }

  /** Whether the agent is known to be away: connected, asked, and no presence. */
  private agentAway(session: Session): boolean {
    const support = this.host.supportPeer;
    if (session.status.value !== 'online') return false;
    if (this.host.supportRoom) {
      const room = this.room;
      if (room?.state.value === 'joined') return !room.staffPresent.value;
      return this.graceOver;
    }
    if (session.presenceOf(support).value.show !== 'offline') return false;
    const contact = session.store.contacts.value.get(support);
    const subscribed = contact?.subscription === 'to' || contact?.subscription === 'both';
    return subscribed || this.graceOver;
  }

  /** Whether the visitor has written to support in this session. */
  private sentAny(session: Session): boolean {
    return session
      .conversation(this.host.supportPeer)
      .messages.value.some((m) => m.direction === 'out');
  }

  private fields(): string[] {
    return this.host.prechat
      .split(/[\s,]+/)
      .filter((f) => (FIELDS as readonly string[]).includes(f));
  }

  private onPrechat = async (e: SubmitEvent, session: Session): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const value = (key: string) => String(data.get(key) ?? '').trim() || undefined;
    const name = value('name');
    const email = value('email');
    this.details = { ...(name && { name }), ...(email && { email }) };
    const question = value('question');
    this.prechatDone = true;
    this.host.requestUpdate();
    // The room is joined before the question goes to it.
    this.hostUpdate();
    if (question) {
      await session
        .conversation(this.host.supportPeer)
        .send(this.decorateFirst(question))
        .catch((error: Error) => console.warn(`[chatlet] not sent: ${error.message}`));
    }
  };
}
