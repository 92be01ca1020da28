// The events the elements dispatch: `chatlet-*`, bubbling and composed, one
// class each so listeners can use `instanceof` and typed `detail`.
import type { Message, Status } from '../../store/types.js';

/** Emitted when the user picks a contact. */
export class ChatletSelectEvent extends CustomEvent<{ jid: string }> {
  static readonly eventName = 'chatlet-select';
  constructor(jid: string) {
    super(ChatletSelectEvent.eventName, { detail: { jid }, bubbles: true, composed: true });
  }
}

/** Emitted when the widget's panel opens. */
export class ChatletOpenEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'chatlet-open';
  constructor() {
    super(ChatletOpenEvent.eventName, { detail: {}, bubbles: true, composed: true });
  }
}

/** Emitted when the widget's panel closes. */
export class ChatletCloseEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'chatlet-close';
  constructor() {
    super(ChatletCloseEvent.eventName, { detail: {}, bubbles: true, composed: true });
  }
}

/** Emitted by the widget for each new incoming message. */
export class ChatletMessageEvent extends CustomEvent<{ message: Message }> {
  static readonly eventName = 'chatlet-message';
  constructor(message: Message) {
    super(ChatletMessageEvent.eventName, { detail: { message }, bubbles: true, composed: true });
  }
}

/** Emitted by the widget when the number of unread messages changes. */
export class ChatletUnreadChangedEvent extends CustomEvent<{ unread: number }> {
  static readonly eventName = 'chatlet-unread-changed';
  constructor(unread: number) {
    super(ChatletUnreadChangedEvent.eventName, {
      detail: { unread },
      bubbles: true,
      composed: true,
    });
  }
}

/** Emitted by the widget when the connection status changes. */
export class ChatletStatusEvent extends CustomEvent<{ status: Status }> {
  static readonly eventName = 'chatlet-status';
  constructor(status: Status) {
    super(ChatletStatusEvent.eventName, { detail: { status }, bubbles: true, composed: true });
  }
}

declare global {
  // On elements, the document and window alike.
  interface GlobalEventHandlersEventMap {
    'chatlet-select': ChatletSelectEvent;
    'chatlet-open': ChatletOpenEvent;
    'chatlet-close': ChatletCloseEvent;
    'chatlet-message': ChatletMessageEvent;
    'chatlet-unread-changed': ChatletUnreadChangedEvent;
    'chatlet-status': ChatletStatusEvent;
  }
}
