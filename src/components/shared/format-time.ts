// Message times for people, in the browser's locale.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dayYearFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

/** Hours and minutes (`HH:MM`, or `h:MM AM` where the locale says so) of a time in milliseconds since the epoch. */
export function formatTime(time: number): string {
  return timeFormat.format(time);
}

/** The full date and time, for a title. */
export function formatFull(time: number): string {
  return fullFormat.format(time);
}

/** A key that is equal for two times on the same local day. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date, for a day separator. */
export function formatDay(time: number, now = Date.now()): string {
  const key = dayKey(time);
  if (key === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return 'Yesterday';
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? dayFormat : dayYearFormat).format(time);
}
