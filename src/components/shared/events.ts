// The events the elements dispatch: `chatlet-*`, bubbling and composed, one
// class each so listeners can use `instanceof` and typed `detail`.

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

declare global {
  interface HTMLElementEventMap {
    'chatlet-select': ChatletSelectEvent;
    'chatlet-open': ChatletOpenEvent;
    'chatlet-close': ChatletCloseEvent;
  }
}
