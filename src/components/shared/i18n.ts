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
} as const;

type Table = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : (n: number) => string;
};

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
