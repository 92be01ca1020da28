// The notifications a page opts into (data-notify / the widget's `notify` attribute): the unread
// count in the page title, a short sound, and desktop notifications once a click has granted
// them. Loaded by notify.ts only for a widget that asks for one (a chunk of its own in the
// loader's build).
import type { Session } from '../../api.js';
import type { Message } from '../../store/types.js';
import type { NotifyHost, NotifyKind } from './notify.js';

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** The page title with the unread count in front, `(3) Title`, or the bare title for 0. */
export function titleWithCount(title: string, unread: number): string {
  const bare = title.replace(COUNT_PREFIX, '');
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${bare}` : bare;
}

/** The newest incoming message over all conversations, for a notification's text. */
function newestIncoming(session: Session): Message | undefined {
  let newest: Message | undefined;
  for (const conversation of session.store.conversations.values()) {
    const messages = conversation.messages.peek();
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i]!;
      if (message.direction !== 'in') continue;
      if (!newest || message.time > newest.time) newest = message;
      break;
    }
  }
  return newest;
}

/** One widget's opt-in notifications: what its NotifyController does for the kinds asked for. */
export class OptInNotifications {
  private audio: AudioContext | undefined;

  constructor(private readonly host: NotifyHost) {}

  /** A click in the widget: the user gesture that sound and desktop notifications need first. */
  gesture(kinds: readonly NotifyKind[]): void {
    if (kinds.includes('sound') && !this.audio && typeof AudioContext !== 'undefined') {
      this.audio = new AudioContext();
    }
    if (
      kinds.includes('desktop') &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'default'
    ) {
      void Notification.requestPermission();
    }
  }

  /** The session's unread total changed (`more`: it grew): the title, and the sound and card. */
  unreadChanged(session: Session, kinds: readonly NotifyKind[], more: boolean): void {
    const unread = session.unreadTotal.peek();
    if (kinds.includes('title')) document.title = titleWithCount(document.title, unread);
    if (more && !this.host.notifyQuiet) this.announce(session, kinds);
  }

  private announce(session: Session, kinds: readonly NotifyKind[]): void {
    if (kinds.includes('sound')) this.chime();
    if (
      kinds.includes('desktop') &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'granted'
    ) {
      const message = newestIncoming(session);
      const from = message?.peer ?? '';
      const contact = session.store.contacts.peek().get(from);
      const notification = new Notification(contact?.name || from || document.title, {
        body: message?.body.slice(0, 140) ?? '',
        tag: 'chatlet',
      });
      notification.onclick = () => {
        window.focus();
        (this.host as HTMLElement & { open?: boolean }).open = true;
        notification.close();
      };
    }
  }

  /** Two soft notes, a fifth apart, 0.25 s in all. */
  private chime(): void {
    const audio = this.audio;
    if (!audio) return;
    void audio.resume();
    const start = audio.currentTime;
    for (const [i, frequency] of [660, 990].entries()) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      const at = start + i * 0.1;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.16);
    }
  }
}
