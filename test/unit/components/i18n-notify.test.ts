import { describe, expect, it } from 'vitest';
import { loadWords, pickLocale, sayProblem, words } from '../../../src/components/shared/i18n.js';
import { titleWithCount } from '../../../src/components/widget/notify-opt-in.js';

describe('the language', () => {
  it('picks Simplified Chinese for any Chinese tag and English otherwise', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['fr-FR', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh'])).toBe('en');
    expect(pickLocale(['fr', 'de'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('speaks English until the Chinese tables are loaded, then Chinese', async () => {
    expect(words('zh-CN')).toBe(words('en'));
    expect(sayProblem('zh-CN', 'Not connected.')).toBe('Not connected.');
    await loadWords('zh-CN');
    expect(words('zh-CN').openChat).toBe('打开聊天');
    expect(sayProblem('zh-CN', 'Not connected.')).toBe('未连接。');
    expect(sayProblem('zh-CN', 'Something new.')).toBe('Something new.');
    expect(sayProblem('en', 'Not connected.')).toBe('Not connected.');
  });

  it('has every English word in Chinese too', async () => {
    await loadWords('zh-CN');
    const en = words('en');
    const zh = words('zh-CN');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(zh.shows).sort()).toEqual(Object.keys(en.shows).sort());
    expect(zh.openChatUnread(3)).toBe('打开聊天，3 条未读');
  });
});

describe('the unread count in the page title', () => {
  it('puts the count in front, replaces an old one, and removes it at zero', () => {
    expect(titleWithCount('Acme shop', 2)).toBe('(2) Acme shop');
    expect(titleWithCount('(2) Acme shop', 5)).toBe('(5) Acme shop');
    expect(titleWithCount('(5) Acme shop', 0)).toBe('Acme shop');
    expect(titleWithCount('Acme shop', 120)).toBe('(99+) Acme shop');
    expect(titleWithCount('(99+) Acme shop', 1)).toBe('(1) Acme shop');
  });
});
