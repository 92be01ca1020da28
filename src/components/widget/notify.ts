// What the widget tells the page about new messages: `chatlet-message`, `chatlet-unread-changed`
// and `chatlet-status` events always, and the opt-in notifications (data-notify / the widget's
// `notify` attribute): the unread count in the page title, a short sound, and desktop
// notifications once a click has granted them. A ReactiveController, so the widget only says
// which ones it wants.
import { effect } from '@preact/signals-core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Session } from '../../api.js';
import type { Message } from '../../store/types.js';
import {
  ChatletMessageEvent,
  ChatletStatusEvent,
  ChatletUnreadChangedEvent,
} from '../shared/events.js';

/** The notifications a page can ask for. */
export type NotifyKind = 'title' | 'sound' | 'desktop';

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** The page title with the unread count in front, `(3) Title`, or the bare title for 0. */
export function titleWithCount(title: string, unread: number): string {
  const bare = title.replace(COUNT_PREFIX, '');
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${bare}` : bare;
}

/** The last message of a conversation if it is incoming. */
function lastIncoming(messages: readonly Message[]): Message | undefined {
  const last = messages[messages.length - 1];
  return last?.direction === 'in' ? last : undefined;
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

/** What the controller needs from its host element. */
export interface NotifyHost extends ReactiveControllerHost, HTMLElement {
  /** The session to watch, or null before there is one. */
  readonly notifySession: Session | null;
  /** Which notifications the page asked for. */
  readonly notifyKinds: readonly NotifyKind[];
  /** Whether the person is looking at the conversation (no sound, no desktop notification). */
  readonly notifyQuiet: boolean;
}

/** Watches the unread total of the host's session and notifies as the page asked. */
export class NotifyController implements ReactiveController {
  private stop: (() => void) | undefined;
  private watched: Session | null = null;
  private audio: AudioContext | undefined;

  constructor(private readonly host: NotifyHost) {
    host.addController(this);
  }

  hostConnected(): void {
    // Sound and desktop notifications need a user gesture first: the first click in the widget.
    this.host.addEventListener('click', this.onGesture, { capture: true });
  }

  hostDisconnected(): void {
    this.host.removeEventListener('click', this.onGesture, { capture: true });
    this.stop?.();
    this.stop = undefined;
    this.watched = null;
  }

  hostUpdated(): void {
    const session = this.host.notifySession;
    if (session === this.watched) return;
    this.stop?.();
    this.watched = session;
    if (!session) return;
    let previous = session.unreadTotal.peek();
    let status = session.status.peek();
    // The newest incoming message of each conversation, as already reported.
    const reported = new Map<string, string>();
    let first = true;
    // History loaded from the cache later is not news: only messages from now on are.
    const since = Date.now() - 1000;
    this.stop = effect(() => {
      const unread = session.unreadTotal.value;
      const kinds = this.host.notifyKinds;
      const fresh: Message[] = [];
      for (const [peer, conversation] of session.store.conversations) {
        const newest = lastIncoming(conversation.messages.value);
        if (newest && reported.get(peer) !== newest.id) {
          reported.set(peer, newest.id);
          if (!first && newest.time >= since) fresh.push(newest);
        }
      }
      first = false;
      for (const message of fresh) this.host.dispatchEvent(new ChatletMessageEvent(message));
      if (session.status.value !== status) {
        status = session.status.value;
        this.host.dispatchEvent(new ChatletStatusEvent(status));
      }
      if (unread === previous) return;
      this.host.dispatchEvent(new ChatletUnreadChangedEvent(unread));
      if (kinds.includes('title')) document.title = titleWithCount(document.title, unread);
      if (unread > previous && !this.host.notifyQuiet) this.announce(session, kinds);
      previous = unread;
    });
  }

  private onGesture = (): void => {
    const kinds = this.host.notifyKinds;
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
  };

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
