// Message times for people, in the element's language (Intl does the dates, i18n the words).
import { type Locale, pickLocale, words } from './i18n.js';

interface Formats {
  time: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
  dayYear: Intl.DateTimeFormat;
}

// A cache of immutable formatters (making one takes longer than formatting with it), not state.
const cache = new Map<Locale, Formats>();

function formats(locale: Locale): Formats {
  let f = cache.get(locale);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }),
      day: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }),
      dayYear: new Intl.DateTimeFormat(locale, { dateStyle: 'long' }),
    };
    cache.set(locale, f);
  }
  return f;
}

// The first date formatter of a page loads the browser's date data (20–70 ms here): make the
// likely language's formatters while the script loads, as before, not on a pane's first paint.
if (typeof navigator !== 'undefined') formats(pickLocale(navigator.languages));

/** Hours and minutes (`14:05`, or `2:05 PM` where the locale says so) of a time in milliseconds since the epoch. */
export function formatTime(time: number, locale: Locale): string {
  return formats(locale).time.format(time);
}

/** The full date and time, for a title. */
export function formatFull(time: number, locale: Locale): string {
  return formats(locale).full.format(time);
}

/** A key that is equal for two times on the same local day. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date, for a day separator. */
export function formatDay(time: number, now: number, locale: Locale): string {
  const key = dayKey(time);
  if (key === dayKey(now)) return words(locale).today;
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return words(locale).yesterday;
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return formats(locale)[sameYear ? 'day' : 'dayYear'].format(time);
}
