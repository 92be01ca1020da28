// The words of the elements, in English and Simplified Chinese. A plain table: the few dozen
// strings do not justify an i18n library.

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

type Table = { [K in keyof typeof en]: Widen<(typeof en)[K]> };

const zh: Table = {
  openChat: '打开聊天',
  openChatUnread: (n) => `打开聊天，${n} 条未读`,
  closeChat: '关闭聊天',
  close: '关闭',
  chat: '聊天',
  support: '客服',
  unavailableTitle: '聊天暂不可用',
  unavailable: '此页面的聊天目前不可用，请稍后再试。',
  awayTitle: '我们暂时不在线',
  away: '请留言，我们回来后会第一时间查看。',
  notKept: '离开此页面后，本次对话将无法保留：如需留存，请下载聊天记录。',
  transcript: '下载聊天记录',
  transcriptFile: '聊天记录',
  you: '我',
  prechatTitle: '开始之前',
  prechatIntro: '请简单介绍一下自己，我们马上为您服务。',
  name: '您的姓名',
  nameLabel: '姓名',
  email: '电子邮箱',
  question: '有什么可以帮您？',
  startChat: '开始聊天',
  sentFrom: '发送自',
  notConnected: '未连接。',
  searchContacts: '搜索联系人',
  addContact: '添加联系人',
  contacts: '联系人',
  noContacts: '还没有联系人。',
  noMatch: (filter) => `没有与“${filter}”匹配的联系人。`,
  optionsFor: (name) => `${name} 的选项`,
  nameOptional: '名称（可选）',
  groupOptional: '分组（可选）',
  nameField: '名称',
  groupField: '分组',
  cancel: '取消',
  unreadCount: (n) => `${n} 条未读`,
  chatWith: (name) => `与 ${name} 聊天`,
  backToContacts: '返回联系人',
  chats: '聊天',
  connecting: '正在连接…',
  reconnecting: '连接中断，正在重新连接…',
  couldNotConnect: '无法连接。',
  logOut: '退出登录',
  yourPresence: '我的状态',
  statusMessage: '状态消息',
  statusPlaceholder: '你的状态是？',
  welcome: '欢迎',
  signIn: '登录后开始聊天',
  address: '地址',
  password: '密码',
  logIn: '登录',
  loggingIn: '正在登录…',
  noServer: '此页面没有配置聊天服务器。',
  couldNotLogIn: '无法登录。',
  messagesWith: (name) => `与 ${name} 的消息`,
  messageTo: (name) => `发给 ${name} 的消息`,
  writeMessage: '输入消息…',
  send: '发送',
  noMessages: '还没有消息，打个招呼吧',
  shows: {
    chat: '有空聊天',
    online: '在线',
    away: '离开',
    xa: '长时间离开',
    dnd: '请勿打扰',
    offline: '离线',
  },
};

const TABLES: Record<Locale, Table> = { en, 'zh-CN': zh };

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

/** The words for a locale. */
export function words(locale: Locale): Table {
  return TABLES[locale];
}
