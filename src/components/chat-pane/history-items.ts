// The flat list the chat pane renders: messages with a separator before
// each new day and the sender shown on the first of a run of incoming ones.
import type { Message } from '../../store/types.js';
import { dayKey, formatDay } from '../shared/format-time.js';
import type { Locale } from '../shared/i18n.js';

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

/** A greeting shown above the first message, as if the other party had said it. */
export interface NoteItem {
  kind: 'note';
  key: string;
  text: string;
}

export type HistoryItem = DayItem | MessageItem | NoteItem;

/**
 * Interleaves day separators (labelled in `locale`) with the messages (oldest first), after the
 * greeting if any.
 */
export function buildItems(
  messages: readonly Message[],
  now = Date.now(),
  greeting = '',
  locale: Locale = 'en',
): HistoryItem[] {
  const items: HistoryItem[] = greeting ? [{ kind: 'note', key: 'note', text: greeting }] : [];
  let day = '';
  let previous: Message | undefined;
  for (const message of messages) {
    const key = dayKey(message.time);
    const newDay = key !== day;
    if (newDay) {
      day = key;
      items.push({ kind: 'day', key: `day:${key}`, label: formatDay(message.time, now, locale) });
    }
    items.push({
      kind: 'message',
      key: `m:${message.id}`,
      message,
      // In a room a new sender starts a new run, with their nick.
      first:
        newDay ||
        previous?.direction !== message.direction ||
        (message.type === 'groupchat' && previous?.from !== message.from),
    });
    previous = message;
  }
  return items;
}
