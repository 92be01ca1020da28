import { describe, expect, it } from 'vitest';
import { isReplyFrom } from '../../../src/xmpp/iq.js';

const OWN = 'alice@example.com/web';

describe('isReplyFrom: a request without to (to the own account)', () => {
  it('accepts the own server’s reply without from', () => {
    expect(isReplyFrom(undefined, undefined, OWN)).toBe(true);
  });

  it.each(['alice@example.com', 'Alice@Example.COM', 'alice@example.com.'])(
    'accepts a reply from the own bare JID %s',
    (from) => {
      expect(isReplyFrom(from, undefined, OWN)).toBe(true);
    },
  );

  it.each(['alice@example.com/web', 'ALICE@example.com/web'])(
    'accepts a reply from the own full JID %s',
    (from) => {
      expect(isReplyFrom(from, undefined, OWN)).toBe(true);
    },
  );

  it('accepts a reply from the own bare JID when the own JID is written in another case', () => {
    expect(isReplyFrom('alice@example.com', undefined, 'Alice@Example.com/web')).toBe(true);
  });

  it.each([
    ['another account', 'mallory@example.com'],
    ['another account on another server', 'mallory@evil.example'],
    ['the own domain', 'example.com'],
    ['another resource of the own account', 'alice@example.com/phone'],
    ['the own full JID with the resource in another case', 'alice@example.com/WEB'],
  ])('refuses a reply from %s', (_, from) => {
    expect(isReplyFrom(from, undefined, OWN)).toBe(false);
  });

  it('treats a request to the own bare JID like one without to', () => {
    expect(isReplyFrom(undefined, 'alice@example.com', OWN)).toBe(true);
    expect(isReplyFrom('alice@example.com', 'Alice@example.com', OWN)).toBe(true);
    expect(isReplyFrom('mallory@example.com', 'alice@example.com', OWN)).toBe(false);
  });
});

describe('isReplyFrom: a request to another entity', () => {
  it('accepts the reply of the entity asked', () => {
    expect(isReplyFrom('bob@example.net/phone', 'bob@example.net/phone', OWN)).toBe(true);
    expect(isReplyFrom('pubsub.example.com', 'pubsub.example.com', OWN)).toBe(true);
  });

  it('accepts the reply of the entity asked written in another case', () => {
    expect(isReplyFrom('Bob@Example.NET', 'bob@example.net', OWN)).toBe(true);
    expect(isReplyFrom('bob@example.net', 'BOB@example.net', OWN)).toBe(true);
  });

  it.each([
    ['without from (the own server cannot answer for bob)', undefined],
    ['from the own bare JID', 'alice@example.com'],
    ['from the own full JID', 'alice@example.com/web'],
    ['from the own domain', 'example.com'],
    ['from a third party', 'mallory@evil.example'],
    ['from another resource of the entity asked', 'bob@example.net/desk'],
  ])('refuses a reply %s', (_, from) => {
    expect(isReplyFrom(from, 'bob@example.net/phone', OWN)).toBe(false);
  });

  it.each(['bob@', '@example.net', 'bob@example.net/', 'bob smith@example.net'])(
    'refuses a reply from the invalid JID %j',
    (from) => {
      expect(isReplyFrom(from, 'bob@example.net', OWN)).toBe(false);
      expect(isReplyFrom(from, undefined, OWN)).toBe(false);
    },
  );
});
