// What a message shows besides its body: when it was sent, how far it got, who sent it.
import { html, type TemplateResult } from 'lit';
import type { Message } from '../../store/types.js';
import { formatFull, formatTime } from '../shared/format-time.js';
import { alertIcon, checkIcon, clockIcon, doubleCheckIcon } from '../shared/icons.js';
import { type Locale, words, type Words } from '../shared/i18n.js';
import { localPart } from '../shared/session.js';

/**
 * Each message's times as text, formatted once per message and locale: formatting dates was a
 * tenth of the script time scrolling 10,000 messages.
 */
export class MessageTimes {
  private readonly texts = new WeakMap<
    Message,
    { locale: Locale; iso: string; shown: string; title: string }
  >();

  /** The time a message shows: the sender's own when it came late, with both on hover. */
  render(message: Message, locale: Locale): TemplateResult {
    let text = this.texts.get(message);
    if (text?.locale !== locale) {
      const shown = message.stamp ?? message.time;
      text = {
        locale,
        iso: new Date(shown).toISOString(),
        shown: formatTime(shown, locale),
        title:
          message.stamp !== undefined
            ? words(locale).sentReceived(
                formatFull(message.stamp, locale),
                formatFull(message.time, locale),
              )
            : formatFull(message.time, locale),
      };
      this.texts.set(message, text);
    }
    return html`<time datetime=${text.iso} title=${text.title}>${text.shown}</time>`;
  }
}

/** Each delivery state's words and icon. */
const MARKS = {
  pending: ['queued', clockIcon],
  sent: ['sent', checkIcon],
  delivered: ['delivered', doubleCheckIcon],
  read: ['read', doubleCheckIcon],
  failed: ['notDelivered', alertIcon],
} as const;

/** How far an outgoing message got, as an icon with its words for screen readers. */
export function deliveryMark(message: Message, w: Words): TemplateResult {
  const state = message.state ?? 'sent';
  const [word, icon] = MARKS[state];
  const label = w[word];
  return html`<span class="state" data-state=${state} title=${label}>${icon}</span
    ><span class="visually-hidden">${label}</span>`;
}

/** Who sent an incoming message: the occupant's nick in a room, else the peer's name. */
export function senderName(message: Message, peerName: string): string {
  // In a room each message is from an occupant, room/nick.
  const nick = message.type === 'groupchat' ? message.from?.split('/').slice(1).join('/') : '';
  // In a one-to-one chat every incoming message is from the peer.
  return nick || peerName || localPart(message.from ?? message.peer);
}
