import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/embed-config.js';

const page = 'https://www.example.com/products/widgets';

describe('script tag attributes', () => {
  it('reads a complete support configuration', () => {
    const { config, errors } = readConfig(
      {
        service: 'wss://chat.example.com/xmpp-websocket',
        domain: 'example.com',
        widget: '',
        support: 'support@example.com',
        subscriptions: 'accept',
      },
      page,
    );
    expect(errors).toEqual([]);
    expect(config).toEqual({
      options: {
        service: 'wss://chat.example.com/xmpp-websocket',
        domain: 'example.com',
        subscriptions: 'accept',
      },
      widget: true,
      support: 'support@example.com',
      prechat: [],
      notify: [],
      open: false,
    });
  });

  it('resolves data-credentials-url against the page', () => {
    const { config, errors } = readConfig(
      { service: '/xmpp-websocket', credentialsUrl: '/chat/credentials' },
      page,
    );
    expect(errors).toEqual([]);
    expect(config?.credentialsUrl).toBe('https://www.example.com/chat/credentials');
  });

  it('refuses a data-credentials-url that is not a web address, and one next to data-anonymous', () => {
    expect(
      readConfig({ service: '/x', credentialsUrl: 'javascript:alert(1)' }, page).errors,
    ).toEqual([expect.stringMatching(/^data-credentials-url=.* is not a URL: use a path/)]);
    expect(
      readConfig(
        { service: '/x', domain: 'example.com', anonymous: '', credentialsUrl: '/c' },
        page,
      ).errors,
    ).toEqual([expect.stringMatching(/exclude each other/)]);
  });

  it('turns a path on this site into a WebSocket URL of the same security', () => {
    expect(readConfig({ service: '/xmpp-websocket' }, page).config?.options.service).toBe(
      'wss://www.example.com/xmpp-websocket',
    );
    expect(
      readConfig({ service: '/xmpp-websocket' }, 'http://127.0.0.1:5173/').config?.options.service,
    ).toBe('ws://127.0.0.1:5173/xmpp-websocket');
  });

  it('says how to fix a missing service', () => {
    const { config, errors } = readConfig({ widget: '' }, page);
    expect(config).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('data-service is missing');
    expect(errors[0]).toContain('wss://');
  });

  it('names each wrong attribute and its fix', () => {
    const { config, errors } = readConfig(
      {
        service: 'ftp://chat.example.com',
        domain: 'exa mple',
        subscriptions: 'sometimes',
        support: 'not a jid',
      },
      page,
    );
    expect(config).toBeUndefined();
    expect(errors.map((e) => e.split('=')[0])).toEqual([
      'data-service',
      'data-domain',
      'data-subscriptions',
      'data-support',
    ]);
    expect(errors[2]).toContain('accept, reject, ask');
  });

  it('requires a domain for anonymous logins', () => {
    const { errors } = readConfig({ service: 'wss://x.example/ws', anonymous: '' }, page);
    expect(errors).toEqual([expect.stringContaining('data-anonymous needs data-domain')]);
  });

  it('treats data-widget="false" as off', () => {
    expect(
      readConfig({ service: 'wss://x.example/ws', widget: 'false' }, page).config?.widget,
    ).toBe(false);
  });
});

describe('support and look-and-feel attributes', () => {
  const base = { service: 'wss://x.example/ws', widget: '', support: 'help@x.example' };

  it('reads greeting, pre-chat fields, hours, accent, theme, locale and notifications', () => {
    const { config, errors } = readConfig(
      {
        ...base,
        greeting: 'Hi!',
        prechat: 'name, email',
        hours: 'Mon–Fri 9–17',
        accent: '#7c3aed',
        theme: 'dark',
        locale: 'zh-CN',
        notify: 'title sound',
        open: '',
      },
      page,
    );
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      greeting: 'Hi!',
      prechat: ['name', 'email'],
      hours: 'Mon–Fri 9–17',
      accent: '#7c3aed',
      theme: 'dark',
      locale: 'zh-CN',
      notify: ['title', 'sound'],
      open: true,
    });
  });

  it('names each wrong look-and-feel attribute and what it accepts', () => {
    const { config, errors } = readConfig(
      {
        ...base,
        prechat: 'name,phone',
        notify: 'fireworks',
        theme: 'sepia',
        locale: 'fr',
        accent: 'red; background: url(x)',
      },
      page,
    );
    expect(config).toBeUndefined();
    expect(errors.map((e) => e.split('=')[0])).toEqual([
      'data-prechat',
      'data-notify',
      'data-theme',
      'data-locale',
      'data-accent',
    ]);
    expect(errors[0]).toContain('"phone"');
    expect(errors[1]).toContain('title, sound, desktop');
  });

  it('asks for data-support when a pre-chat form is configured without it', () => {
    const { errors } = readConfig({ service: base.service, prechat: 'name' }, page);
    expect(errors).toEqual([expect.stringContaining('data-prechat needs data-support')]);
  });

  it('reads a support room, and names a wrong one and the fix', () => {
    const room = { service: base.service, widget: '', supportRoom: 'help@conference.x.example' };
    expect(readConfig({ ...room, prechat: 'name' }, page)).toMatchObject({
      errors: [],
      config: { supportRoom: 'help@conference.x.example', prechat: ['name'] },
    });
    const wrong = readConfig({ ...room, supportRoom: 'help room' }, page);
    expect(wrong.config).toBeUndefined();
    expect(wrong.errors).toEqual([
      expect.stringMatching(/^data-support-room="help room" is not a room JID: use e\.g\./),
    ]);
  });

  it('says data-support and data-support-room exclude each other', () => {
    const { config, errors } = readConfig(
      { ...base, supportRoom: 'help@conference.x.example' },
      page,
    );
    expect(config).toBeUndefined();
    expect(errors).toEqual([expect.stringContaining('exclude each other')]);
  });

  it('names a misspelt data-support-room', () => {
    const { errors } = readConfig({ ...base, suportRoom: 'help@conference.x.example' }, page);
    expect(errors).toEqual([
      'data-suport-room is not a Chatlet attribute: did you mean data-support-room?',
    ]);
  });

  it('treats theme="auto" as following the system', () => {
    expect(readConfig({ ...base, theme: 'auto' }, page).config?.theme).toBeUndefined();
  });
});

describe('attributes Chatlet does not know', () => {
  const base = { service: 'wss://x.example/ws', widget: '' };

  it('names a misspelt attribute and the one that was meant', () => {
    const { config, errors } = readConfig({ ...base, suport: 'help@x.example' }, page);
    expect(config).toBeUndefined();
    expect(errors).toEqual(['data-suport is not a Chatlet attribute: did you mean data-support?']);
  });

  it('leaves other tools’ data attributes alone', () => {
    const { config, errors } = readConfig(
      { ...base, cfasync: 'false', turbo: 'true', on: 'x', id: 'chat' },
      page,
    );
    expect(errors).toEqual([]);
    expect(config?.widget).toBe(true);
  });
});
