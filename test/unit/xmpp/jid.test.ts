import { describe, expect, it } from 'vitest';
import {
  bareJid,
  isValidJid,
  normalizeJid,
  resourceOf,
  sameBare,
  splitJid,
} from '../../../src/xmpp/jid.js';

describe('bareJid', () => {
  it('lower-cases localpart and domain and drops the resource', () => {
    expect(bareJid('Bob@Example.COM/phone')).toBe('bob@example.com');
  });

  it('returns a domain-only JID as the domain', () => {
    expect(bareJid('Example.com/x')).toBe('example.com');
  });

  it('treats a trailing dot on the domain as the same domain', () => {
    expect(bareJid('bob@example.com.')).toBe('bob@example.com');
  });
});

describe('resourceOf', () => {
  it('returns the resource exactly as written', () => {
    expect(resourceOf('bob@example.com/Phone')).toBe('Phone');
  });

  it("returns '' when there is no resource", () => {
    expect(resourceOf('bob@example.com')).toBe('');
  });

  it("keeps '/' and '@' inside the resource", () => {
    expect(resourceOf('room@muc.example.com/a/b@c')).toBe('a/b@c');
    expect(splitJid('room@muc.example.com/a/b@c')).toEqual({
      local: 'room',
      domain: 'muc.example.com',
      resource: 'a/b@c',
    });
  });
});

describe('normalizeJid', () => {
  it('lower-cases the bare part and keeps the resource case', () => {
    expect(normalizeJid('Bob@Example.COM/Phone')).toBe('bob@example.com/Phone');
  });

  it('returns the bare JID when there is no resource', () => {
    expect(normalizeJid('BOB@example.com')).toBe('bob@example.com');
  });
});

describe('sameBare', () => {
  it('matches JIDs that differ only in case and resource', () => {
    expect(sameBare('Bob@Example.com/a', 'bob@example.COM/b')).toBe(true);
  });

  it('does not match different accounts', () => {
    expect(sameBare('bob@example.com', 'bob@example.org')).toBe(false);
    expect(sameBare('bob@example.com', 'example.com')).toBe(false);
  });
});

describe('isValidJid', () => {
  it.each([
    'bob@example.com',
    'bob@example.com/phone',
    'example.com',
    'bob@example.com.',
    'room@muc.example.com/Ann Lee',
    'room@muc.example.com/a/b@c',
    'bob@[::1]',
    'bob@192.168.0.1',
    'жена@пример.рф/телефон',
  ])('accepts %s', (jid) => {
    expect(isValidJid(jid)).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['an empty localpart', '@example.com'],
    ['an empty domain', 'bob@'],
    ['only a resource', '/phone'],
    ['an empty resource', 'bob@example.com/'],
    ['a space in the localpart', 'bo b@example.com'],
    ['a space in the domain', 'bob@exa mple.com'],
    ['a newline', 'bob@example.com\n'],
    ['a control character in the resource', 'bob@example.com/a\u0000b'],
    ['a second @ in the bare part', 'a@b@example.com'],
    ['a forbidden localpart character', 'b<o>b@example.com'],
    ['an empty domain label', 'bob@example..com'],
    ['a leading dot', 'bob@.example.com'],
    ['a malformed IP literal', 'bob@[zz]'],
  ])('rejects %s', (_what, jid) => {
    expect(isValidJid(jid)).toBe(false);
  });

  it('accepts a 3071-character JID and rejects one character more', () => {
    const part = 'a'.repeat(1023);
    expect(isValidJid(`${part}@${part}/${part}`)).toBe(true);
    expect(isValidJid(`${part}@${part}/${part}a`)).toBe(false);
  });

  it('rejects a part longer than 1023 bytes', () => {
    expect(isValidJid(`${'a'.repeat(1024)}@example.com`)).toBe(false);
    expect(isValidJid(`bob@${'a'.repeat(1024)}`)).toBe(false);
    expect(isValidJid(`bob@example.com/${'r'.repeat(1024)}`)).toBe(false);
  });

  it('counts bytes, not characters, against the part limit', () => {
    // 'é' is two bytes in UTF-8: 512 of them are 1024 bytes but 512 characters.
    expect(isValidJid(`${'é'.repeat(511)}@example.com`)).toBe(true);
    expect(isValidJid(`${'é'.repeat(512)}@example.com`)).toBe(false);
  });
});
