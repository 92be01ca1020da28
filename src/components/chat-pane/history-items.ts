// The flat list the chat pane virtualizes: messages with a separator before
// each new day and the sender shown on the first of a run of incoming ones.
import type { Message } from '../../store/types.js';
import { dayKey, formatDay } from '../shared/format-time.js';

/** A day separator. */
export interface DayItem {
  kind: 'day';
  key: string;
  label: string;
}

/** One message, with whether to show who sent it. */
export interface MessageItem {
  kind: 'message';
  key: string;
  message: Message;
  /** First incoming message after an outgoing one or a new day. */
  first: boolean;
}

export type HistoryItem = DayItem | MessageItem;

/** Interleaves day separators with the messages (oldest first). */
export function buildItems(messages: readonly Message[], now = Date.now()): HistoryItem[] {
  const items: HistoryItem[] = [];
  let day = '';
  let previous: Message | undefined;
  for (const message of messages) {
    const key = dayKey(message.time);
    const newDay = key !== day;
    if (newDay) {
      day = key;
      items.push({ kind: 'day', key: `day:${key}`, label: formatDay(message.time, now) });
    }
    items.push({
      kind: 'message',
      key: `m:${message.id}`,
      message,
      first: newDay || previous?.direction !== message.direction,
    });
    previous = message;
  }
  return items;
}
