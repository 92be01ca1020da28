// What the widget tells the page about new messages: `chatlet-message`, `chatlet-unread-changed`
// and `chatlet-status` events always, and the opt-in notifications (data-notify / the widget's
// `notify` attribute; notify-opt-in.ts, loaded only by a widget that asks for one): the unread
// count in the page title, a short sound, and desktop notifications once a click has granted
// them. A ReactiveController, so the widget only says which ones it wants.
import { effect } from '@preact/signals-core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Session } from '../../api.js';
import type { Message } from '../../store/types.js';
import {
  ChatletMessageEvent,
  ChatletStatusEvent,
  ChatletUnreadChangedEvent,
} from '../shared/events.js';
import type { OptInNotifications } from './notify-opt-in.js';
import { loadOptIn } from './notify-opt-in.lazy.js';

/** The notifications a page can ask for. */
export type NotifyKind = 'title' | 'sound' | 'desktop';

/** The last message of a conversation if it is incoming. */
function lastIncoming(messages: readonly Message[]): Message | undefined {
  const last = messages[messages.length - 1];
  return last?.direction === 'in' ? last : undefined;
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
  /** The opt-in notifications, once their code is here; `loading` while it comes. */
  private optIn: OptInNotifications | undefined;
  private loading = false;
  /** The unread total changed while the opt-in code was on its way: the title catches up. */
  private missed = false;

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
    if (this.host.notifyKinds.length && !this.optIn && !this.loading) this.loadOptIn();
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
      if (this.optIn) this.optIn.unreadChanged(session, kinds, unread > previous);
      else if (kinds.length) this.missed = true;
      previous = unread;
    });
  }

  private loadOptIn(): void {
    this.loading = true;
    loadOptIn().then(
      ({ OptInNotifications }) => {
        this.optIn = new OptInNotifications(this.host);
        const session = this.watched;
        if (this.missed && session) this.optIn.unreadChanged(session, this.host.notifyKinds, false);
      },
      (error: unknown) => console.error('[chatlet] could not load the notifications:', error),
    );
  }

  private onGesture = (): void => {
    this.optIn?.gesture(this.host.notifyKinds);
  };
}
