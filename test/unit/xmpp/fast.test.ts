import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { isTokenUsable, parseToken } from '../../../src/xmpp/fast.js';

const NOW = Date.parse('2026-11-22T04:00:00Z');
const token = (expiry: string, mechanism = 'HT-SHA-256-NONE') => ({
  mechanism,
  token: 'secret-token:fast-1',
  expiry,
});

describe('isTokenUsable: whether a saved FAST token is worth presenting', () => {
  it('uses a token of an offered mechanism that has not expired', () => {
    expect(isTokenUsable(token('2026-12-13T04:00:00Z'), ['HT-SHA-256-NONE'], NOW)).toBe(true);
  });

  it('skips an expired token (no round trip to be refused)', () => {
    expect(isTokenUsable(token('2026-11-22T03:59:59Z'), ['HT-SHA-256-NONE'], NOW)).toBe(false);
  });

  it('skips a token bound to a mechanism the server no longer offers', () => {
    expect(isTokenUsable(token('2026-12-13T04:00:00Z'), ['HT-SHA-256-ENDP'], NOW)).toBe(false);
  });

  it('has nothing to use without a token', () => {
    expect(isTokenUsable(null, ['HT-SHA-256-NONE'], NOW)).toBe(false);
  });

  it('tries a token whose expiry it cannot read (the server decides)', () => {
    expect(isTokenUsable(token(''), ['HT-SHA-256-NONE'], NOW)).toBe(true);
  });
});

describe('parseToken: the token in a SASL2 success', () => {
  it('reads the token and expiry, bound to the mechanism asked for', () => {
    const element = xml('token', {
      xmlns: 'urn:xmpp:fast:0',
      token: 'secret-token:fast-2',
      expiry: '2026-12-13T04:39:06Z',
    });
    expect(parseToken(element, 'HT-SHA-256-NONE')).toEqual({
      mechanism: 'HT-SHA-256-NONE',
      token: 'secret-token:fast-2',
      expiry: '2026-12-13T04:39:06Z',
    });
  });

  it('refuses a token element without a token', () => {
    expect(parseToken(xml('token', { xmlns: 'urn:xmpp:fast:0' }), 'HT-SHA-256-NONE')).toBeNull();
  });
});
