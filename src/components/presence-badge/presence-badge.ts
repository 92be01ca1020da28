import { SignalWatcher } from '@lit-labs/preact-signals';
import { html, LitElement, type PropertyValues } from 'lit';
import type { Session } from '../../api.js';
import type { Show } from '../../store/types.js';
import { ChatletSelectEvent } from '../shared/events.js';
import { localeOf, words } from '../shared/i18n.js';
import { sessionOf } from '../shared/session.js';
import { controls, tokens } from '../shared/tokens.styles.js';
import { styles } from './presence-badge.styles.js';

/**
 * A presence dot for one JID, with the status text on hover and focus.
 *
 * Watches only `presenceOf(jid)`, so hundreds of badges on a page cost one
 * tiny update each when their own contact changes.
 *
 * @summary A coloured dot showing a contact's availability.
 *
 * @event {ChatletSelectEvent} chatlet-select - With `chat`: the badge was clicked (or Enter/Space pressed); the page's widget opens that conversation.
 *
 * @csspart dot - The coloured dot.
 * @csspart tooltip - The status text shown on hover and focus.
 *
 * @cssproperty --chatlet-badge-size - Diameter of the dot. Default `10px`.
 * @cssproperty --chatlet-presence-online - Colour for available and free to chat.
 * @cssproperty --chatlet-presence-away - Colour for away.
 * @cssproperty --chatlet-presence-xa - Colour for extended away.
 * @cssproperty --chatlet-presence-dnd - Colour for do not disturb.
 * @cssproperty --chatlet-presence-offline - Ring colour for offline.
 * @tagname chatlet-presence-badge
 */
export class ChatletPresenceBadge extends SignalWatcher(LitElement) {
  static override styles = [tokens, controls, styles];

  // Reactive properties, declared without decorators (their helper code is ~0.7 kB gzip of the
  // bundle). `state` ones are private: `attribute: false` keeps them out of the manifest too.
  static override properties = {
    session: { attribute: false },
    jid: { reflect: true },
    name: {},
    chat: { type: Boolean, reflect: true },
    show: { reflect: true },
  };

  /** The session to read; the page's default session when unset. */
  session: Session | undefined;

  /** Bare JID whose presence to show. */
  jid = '';

  /** Name used in the label; the JID when unset. */
  name = '';

  /** Clicking the badge (or Enter/Space on it) opens a chat with the person in the page's widget. */
  chat = false;

  /**
   * The current show, reflected for styling (`chatlet-presence-badge[show=away]`); `unknown`
   * when the person does not share their presence with this account (not a contact, or no
   * subscription to them), rather than claiming they are offline.
   */
  show: Show | 'unknown' = 'offline';

  private get tip(): HTMLElement | null {
    return this.renderRoot.querySelector('.tip');
  }

  private label = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', this.chat ? 'button' : 'img');
    this.addEventListener('click', this.onActivate);
    this.addEventListener('keydown', this.onKey);
    this.addEventListener('pointerenter', this.showTip);
    this.addEventListener('focus', this.showTip);
    this.addEventListener('pointerleave', this.hideTip);
    this.addEventListener('blur', this.hideTip);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('pointerenter', this.showTip);
    this.removeEventListener('focus', this.showTip);
    this.removeEventListener('pointerleave', this.hideTip);
    this.removeEventListener('blur', this.hideTip);
    this.removeEventListener('click', this.onActivate);
    this.removeEventListener('keydown', this.onKey);
  }

  private onActivate = (): void => {
    if (this.chat && this.jid) this.dispatchEvent(new ChatletSelectEvent(this.jid));
  };

  private onKey = (e: KeyboardEvent): void => {
    if (!this.chat || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    this.onActivate();
  };

  protected override willUpdate(_changed: PropertyValues): void {
    const session = sessionOf(this);
    const presence = session && this.jid ? session.presenceOf(this.jid).value : null;
    this.show = presence?.show ?? 'offline';
    if (this.show === 'offline' && session && !sharesPresence(session, this.jid)) {
      this.show = 'unknown';
    }
    const who = this.name || this.jid;
    const status = presence?.status ? ` — ${presence.status}` : '';
    const w = words(localeOf(this));
    const show = this.show === 'unknown' ? w.presenceNotShared : w.shows[this.show];
    this.label = `${this.chat ? w.chatWith(who) : who}: ${
      w === words('en') ? show.toLowerCase() : show
    }${status}`;
  }

  protected override updated(): void {
    this.setAttribute('aria-label', this.label);
    if (this.chat) this.style.cursor = 'pointer';
  }

  override render() {
    return html`<span part="dot" class="dot" data-show=${this.show}></span>
      <span part="tooltip" class="tip" popover="manual" aria-hidden="true">${this.label}</span>`;
  }

  private showTip = (): void => {
    const tip = this.tip;
    if (!tip || typeof tip.showPopover !== 'function') return;
    const rect = this.getBoundingClientRect();
    tip.style.left = `${Math.max(4, rect.left + rect.width / 2)}px`;
    tip.style.top = `${rect.top - 6}px`;
    tip.style.transform = 'translate(-50%, -100%)';
    if (!tip.matches(':popover-open')) tip.showPopover();
  };

  private hideTip = (): void => {
    const tip = this.tip;
    if (tip?.matches(':popover-open')) tip.hidePopover();
  };
}

/** Whether `jid` shows us its presence: our own account, or a contact we are subscribed to. */
function sharesPresence(session: Session, jid: string): boolean {
  if (jid === session.jid.value?.split('/')[0]) return true;
  const subscription = session.store.contacts.value.get(jid)?.subscription;
  return subscription === 'to' || subscription === 'both';
}

declare global {
  interface HTMLElementTagNameMap {
    'chatlet-presence-badge': ChatletPresenceBadge;
  }
}
