import { describe, expect, it } from 'vitest';
import {
  chooseMechanism,
  FastScramSha1,
  isSecureService,
  saltedPassword,
} from '../../../src/xmpp/scram.js';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('SCRAM-SHA-1', () => {
  it('derives the salted password of the RFC 6070 PBKDF2-HMAC-SHA1 vectors', async () => {
    const salt = new TextEncoder().encode('salt');
    expect(hex(await saltedPassword('password', salt, 1))).toBe(
      '0c60c80f961f0e71f3a9b524af6012062fe037a6',
    );
    expect(hex(await saltedPassword('password', salt, 4096))).toBe(
      '4b007901b765489abead49d926f721d065a429c1',
    );
  });

  it('produces the client-final message of the RFC 5802 example', async () => {
    const mechanism = new FastScramSha1({ genNonce: () => 'fyko+d2lbbFgONRv9qkxdawL' });
    const credentials = { username: 'user', password: 'pencil' };
    expect(await mechanism.response(credentials)).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    mechanism.challenge('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    expect(await mechanism.response(credentials)).toBe(
      'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    );
  });

  it('logs in again from cached keys without the password', async () => {
    const first = new FastScramSha1({ genNonce: () => 'fyko+d2lbbFgONRv9qkxdawL' });
    await first.response({ username: 'user', password: 'pencil' });
    first.challenge('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    await first.response({ username: 'user', password: 'pencil' });
    const { salt, clientKey, serverKey } = first.cache!;

    const again = new FastScramSha1({ genNonce: () => 'fyko+d2lbbFgONRv9qkxdawL' });
    const keys = { username: 'user', salt, clientKey, serverKey };
    await again.response(keys);
    again.challenge('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    expect(await again.response(keys)).toContain('p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
  });
});

describe('chooseMechanism', () => {
  const all = ['PLAIN', 'ANONYMOUS', 'SCRAM-SHA-1'];

  it('prefers SCRAM-SHA-1 for a password login', () => {
    expect(chooseMechanism(all, { anonymous: false, secure: true })).toBe('SCRAM-SHA-1');
  });

  it('uses PLAIN only over a secure transport', () => {
    expect(chooseMechanism(['PLAIN'], { anonymous: false, secure: true })).toBe('PLAIN');
    expect(chooseMechanism(['PLAIN'], { anonymous: false, secure: false })).toBeUndefined();
  });

  it('uses ANONYMOUS only when asked to', () => {
    expect(chooseMechanism(all, { anonymous: true, secure: false })).toBe('ANONYMOUS');
    expect(chooseMechanism(['ANONYMOUS'], { anonymous: false, secure: true })).toBeUndefined();
    expect(chooseMechanism(['PLAIN'], { anonymous: true, secure: true })).toBeUndefined();
  });

  it('counts wss and loopback as secure, plain ws elsewhere as not', () => {
    expect(isSecureService('wss://chat.example.com/ws')).toBe(true);
    expect(isSecureService('ws://localhost:5280/ws')).toBe(true);
    expect(isSecureService('ws://127.0.0.1:5280/ws')).toBe(true);
    expect(isSecureService('ws://chat.example.com/ws')).toBe(false);
    expect(isSecureService('not a url')).toBe(false);
  });
});
