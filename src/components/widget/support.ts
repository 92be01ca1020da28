// Support mode: the first message a visitor sends, the transcript they can download, and
// whether the agent is there. Pure functions except downloadText().
import type { Message } from '../../store/types.js';

/** What the pre-chat form collected. */
export interface VisitorDetails {
  name?: string;
  email?: string;
}

/**
 * The visitor's first message: what they typed, then their details and the page they are on,
 * so the agent sees who is asking and from where without another question.
 */
export function firstMessage(
  text: string,
  details: VisitorDetails,
  page: string,
  labels: { name: string; email: string; sentFrom: string },
): string {
  const lines = [text.trim()];
  const extra: string[] = [];
  if (details.name) extra.push(`${labels.name}: ${details.name}`);
  if (details.email) extra.push(`${labels.email}: ${details.email}`);
  extra.push(`${labels.sentFrom}: ${page}`);
  return [...lines.filter(Boolean), '', ...extra].join('\n').replace(/^\n/, '');
}

/** The conversation as plain text: a title line, then `[time] who: text` per message. */
export function transcript(
  messages: readonly Message[],
  names: { you: string; them: string },
  title: string,
  format: (time: number) => string,
): string {
  const lines = [title, ''];
  for (const message of messages) {
    // In a room each message names its sender (room/nick).
    const nick = message.type === 'groupchat' ? message.from?.split('/').slice(1).join('/') : '';
    const who = message.direction === 'out' ? names.you : nick || names.them;
    const [first = '', ...rest] = message.body.split('\n');
    lines.push(`[${format(message.time)}] ${who}: ${first}`, ...rest.map((line) => `    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Offers `text` as a file download, without leaving the page. */
export function downloadText(filename: string, text: string, root: ParentNode): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
