// The words of the elements, in English and Simplified Chinese. A plain table: the few dozen
// strings do not justify an i18n library.
import { signal } from '@preact/signals-core';
import { loadZh, ZH_NOW } from './i18n-zh.lazy.js';

/** Languages Chatlet speaks. */
export type Locale = 'en' | 'zh-CN';

const en = {
  openChat: 'Open chat',
  openChatUnread: (n: number) => `Open chat, ${n} unread`,
  closeChat: 'Close chat',
  close: 'Close',
  chat: 'Chat',
  support: 'Support',
  unavailableTitle: 'Chat unavailable',
  unavailable: 'Chat is not available on this page right now. Please try again later.',
  awayTitle: 'We are away right now',
  away: 'Leave a message and we will read it as soon as we are back.',
  roomProblem: 'The support chat cannot be joined right now. Please try again later.',
  notKept:
    'This conversation ends when you leave this page: download the transcript to keep a copy.',
  transcript: 'Download transcript',
  transcriptFile: 'chat-transcript',
  you: 'You',
  prechatTitle: 'Before we start',
  prechatIntro: 'Tell us a little about yourself, and we will be right with you.',
  name: 'Your name',
  nameLabel: 'Name',
  email: 'E-mail',
  question: 'How can we help?',
  startChat: 'Start chat',
  sentFrom: 'Sent from',
  notConnected: 'Not connected.',
  searchContacts: 'Search contacts',
  addContact: 'Add contact',
  contacts: 'Contacts',
  noContacts: 'No contacts yet.',
  noMatch: (filter: string) => `No contacts match “${filter}”.`,
  optionsFor: (name: string) => `Options for ${name}`,
  nameOptional: 'Name (optional)',
  groupOptional: 'Group (optional)',
  nameField: 'Name',
  groupField: 'Group',
  cancel: 'Cancel',
  unreadCount: (n: number) => `${n} unread`,
  chatWith: (name: string) => `Chat with ${name}`,
  backToContacts: 'Back to contacts',
  chats: 'Chats',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting…',
  couldNotConnect: 'Could not connect.',
  logOut: 'Log out',
  yourPresence: 'Your presence',
  statusMessage: 'Status message',
  statusPlaceholder: "What's your status?",
  welcome: 'Welcome',
  signIn: 'Sign in to start chatting',
  address: 'Address',
  password: 'Password',
  logIn: 'Log in',
  loggingIn: 'Logging in…',
  noServer: 'This page has no chat server configured.',
  couldNotLogIn: 'Could not log in.',
  messagesWith: (name: string) => `Messages with ${name}`,
  messageTo: (name: string) => `Message to ${name}`,
  writeMessage: 'Write a message…',
  send: 'Send',
  noMessages: 'No messages yet — say hi',
  noConversation: 'No conversation.',
  today: 'Today',
  yesterday: 'Yesterday',
  sentReceived: (sent: string, received: string) => `Sent ${sent} · received ${received}`,
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  notDelivered: 'Not delivered',
  maybeNotSent: 'Maybe not sent: the connection was lost. Retry to send it again.',
  retry: 'Retry',
  notSent: (reason: string) => `Not sent: ${reason}`,
  retryFailed: (reason: string) => `Retry failed: ${reason}`,
  historyGap: 'Some messages since your last visit could not be loaded.',
  olderFailed: 'Older messages could not be loaded.',
  jid: 'JID',
  enterAddress: 'Enter an address like name@example.com.',
  requests: 'Contact requests',
  wantsToAdd: (jid: string) => `${jid} wants to add you`,
  accept: 'Accept',
  decline: 'Decline',
  rename: 'Rename',
  newNameFor: (name: string) => `New name for ${name}`,
  save: 'Save',
  moveToGroup: 'Move to group',
  moveNameTo: (name: string) => `Move ${name} to group`,
  groupName: 'Group name',
  move: 'Move',
  remove: 'Remove',
  removeName: (name: string) => `Remove ${name}?`,
  presenceNotShared: 'Presence not shared',
  hereNow: (...nicks: string[]) => `Here now: ${nicks.join(', ')}`,
  nobodyHere: 'No one from the team is here right now',
  shows: {
    chat: 'Free to chat',
    online: 'Available',
    away: 'Away',
    xa: 'Extended away',
    dnd: 'Do not disturb',
    offline: 'Offline',
  },
} as const;

/** A string type for each string, the same signature for each function. */
type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: string };

/** The words of one language: every key of the English table, with the same signatures. */
export type Words = { [K in keyof typeof en]: Widen<(typeof en)[K]> };

/** One language besides English: the elements' words and the session's texts, keyed by English. */
export interface Language {
  readonly words: Words;
  readonly problems: Readonly<Record<string, string>>;
}

// The Chinese tables once they are here. Static data, the same for every session on the page,
// so one signal for the page is safe; elements read it while rendering (they are
// SignalWatchers), so what rendered in English while the tables loaded renders again in Chinese.
const zh = signal<Language | undefined>(ZH_NOW);
let zhLoading: Promise<unknown> | undefined;

/**
 * Makes sure the tables of `locale` are here, and resolves when they are: at once for English
 * and in the single-file builds, after one small fetch for Chinese in the loader's build.
 * Never rejects: without its tables a language falls back to English, and a later call tries again.
 */
export function loadWords(locale: Locale): Promise<void> {
  if (locale === 'en' || zh.value) return Promise.resolve();
  zhLoading ??= loadZh().then(
    (language) => {
      zh.value = language;
    },
    (error: unknown) => {
      zhLoading = undefined;
      console.warn('[chatlet] the Chinese texts could not be loaded; showing English.', error);
    },
  );
  return zhLoading.then(() => undefined);
}

/** The tables of `locale` once they are here: English meanwhile (and asks for them). */
function language(locale: Locale): Language | undefined {
  if (locale === 'en') return undefined;
  const loaded = zh.value;
  if (!loaded) void loadWords(locale);
  return loaded;
}

/** A text from the session or the server in `locale`: as it is in English or when unknown. */
export function sayProblem(locale: Locale, text: string): string {
  return language(locale)?.problems[text] ?? text;
}

/** The supported locale closest to a language tag list: Chinese tags pick `zh-CN`. */
export function pickLocale(wanted: readonly string[]): Locale {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * The locale for an element: the nearest `locale` attribute on it or on a Chatlet element
 * around it (crossing shadow roots), else the browser's languages.
 */
export function localeOf(element: Element): Locale {
  for (let node: Node | null = element; node;) {
    if (node instanceof Element && node.hasAttribute('locale')) {
      return pickLocale([node.getAttribute('locale')!]);
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** The words for a locale (English until its tables are here; see `loadWords`). */
export function words(locale: Locale): Words {
  return language(locale)?.words ?? en;
}
