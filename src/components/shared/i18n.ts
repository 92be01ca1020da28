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

const zh: Words = {
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
  roomProblem: '暂时无法进入客服聊天，请稍后再试。',
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
  noConversation: '没有对话。',
  today: '今天',
  yesterday: '昨天',
  sentReceived: (sent, received) => `发送于 ${sent} · 收到于 ${received}`,
  queued: '排队中',
  sent: '已发送',
  delivered: '已送达',
  read: '已读',
  notDelivered: '未送达',
  maybeNotSent: '可能未发送：连接已中断。点“重试”再次发送。',
  retry: '重试',
  notSent: (reason) => `未发送：${reason}`,
  retryFailed: (reason) => `重试失败：${reason}`,
  historyGap: '您上次访问以来的部分消息无法加载。',
  olderFailed: '无法加载更早的消息。',
  jid: '地址',
  enterAddress: '请输入类似 name@example.com 的地址。',
  requests: '联系人请求',
  wantsToAdd: (jid) => `${jid} 想添加您为联系人`,
  accept: '接受',
  decline: '拒绝',
  rename: '重命名',
  newNameFor: (name) => `${name} 的新名称`,
  save: '保存',
  moveToGroup: '移到分组',
  moveNameTo: (name) => `将 ${name} 移到分组`,
  groupName: '分组名称',
  move: '移动',
  remove: '删除',
  removeName: (name) => `删除 ${name}？`,
  presenceNotShared: '未共享在线状态',
  hereNow: (...nicks: string[]) => `在线：${nicks.join('、')}`,
  nobodyHere: '团队成员目前都不在',
  shows: {
    chat: '有空聊天',
    online: '在线',
    away: '离开',
    xa: '长时间离开',
    dnd: '请勿打扰',
    offline: '离线',
  },
};

const TABLES: Record<Locale, Words> = { en, 'zh-CN': zh };

/**
 * What the session and the server say (login failures, stream errors) in Chinese, keyed by the
 * session's English text as gettext keys by its source strings: the session stays free of the
 * elements' languages, and a text without an entry is shown as it is.
 */
const PROBLEMS_ZH: Record<string, string> = {
  'Wrong JID or password.': '账号或密码错误。',
  'This account is disabled.': '此账号已被停用。',
  'The password has expired.': '密码已过期。',
  'The server could not log you in right now; try again in a moment.':
    '服务器暂时无法登录，请稍后再试。',
  'Cannot reach the chat server.': '无法连接到聊天服务器。',
  'Please log in again.': '请重新登录。',
  'Your saved sign-in has expired. Please log in again.': '已保存的登录已过期，请重新登录。',
  'The server allows neither guest accounts nor anonymous logins.':
    '服务器既不允许访客账号，也不允许匿名登录。',
  'The server does not allow anonymous logins.': '服务器不允许匿名登录。',
  'The server offers no safe login method (SCRAM-SHA-1, or PLAIN over TLS).':
    '服务器没有提供安全的登录方式（SCRAM-SHA-1，或经 TLS 的 PLAIN）。',
  'This account connected from somewhere else with the same resource; this page stopped.':
    '此账号已在别处以相同资源登录，本页面已停止。',
  'The password has expired. Please log in again.': '密码已过期，请重新登录。',
  'The server does not serve this domain.': '服务器不提供此域名的服务。',
  'The server no longer serves this domain.': '服务器已不再提供此域名的服务。',
  'The server refused the connection (improper addressing).': '服务器拒绝了连接（地址不当）。',
  'The server refused the connection (invalid from).': '服务器拒绝了连接（发送方无效）。',
  'The server refused the connection (policy violation).': '服务器拒绝了连接（违反策略）。',
  'The server does not speak this version of XMPP.': '服务器不支持此版本的 XMPP。',
  'Not connected.': '未连接。',
};

/** A text from the session or the server in `locale`: as it is in English or when unknown. */
export function sayProblem(locale: Locale, text: string): string {
  return locale === 'zh-CN' ? (PROBLEMS_ZH[text] ?? text) : text;
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

/** The words for a locale. */
export function words(locale: Locale): Words {
  return TABLES[locale];
}
