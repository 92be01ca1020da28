import { describe, expect, it } from 'vitest';
import SASLFactory from 'saslmechanisms';
import {
  chooseMechanism,
  isSecureService,
  lazyScramSha1,
  type ScramKeys,
} from '../../../src/xmpp/scram.js';
import { FastScramSha1, saltedPassword } from '../../../src/xmpp/scram-sha-1.js';

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

  it('refuses a challenge with fewer than 4096 rounds, which would make the proof cheap to crack', async () => {
    const mechanism = new FastScramSha1({ genNonce: () => 'fyko+d2lbbFgONRv9qkxdawL' });
    const credentials = { username: 'user', password: 'pencil' };
    await mechanism.response(credentials);
    mechanism.challenge('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=1');
    await expect(mechanism.response(credentials)).rejects.toThrow(
      /weak password check \(1 rounds\)/,
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

describe('SCRAM-SHA-1 loaded on first use', () => {
  it('is known to the SASL factory by name before its code is here, and logs in like the real one', async () => {
    const keys: ScramKeys[] = [];
    const factory = new SASLFactory();
    factory.use(lazyScramSha1((k) => keys.push(k)));
    const mechanism = factory.create(['PLAIN', 'SCRAM-SHA-1']) as {
      name: string;
      response(c: object): Promise<string>;
      challenge(c: string): unknown;
    };
    expect(mechanism.name).toBe('SCRAM-SHA-1');
    const credentials = { username: 'user', password: 'pencil' };
    const first = await mechanism.response(credentials);
    const nonce = /^n,,n=user,r=(.+)$/.exec(first)![1]!;
    mechanism.challenge(`r=${nonce}3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096`);
    expect(await mechanism.response(credentials)).toMatch(
      new RegExp(`^c=biws,r=${nonce.replace(/[+/]/g, '\\$&')}3rfcNHYJY1ZVvWVs7j,p=`),
    );
    // The keys to log in again without the password, handed to the connection.
    expect(keys).toHaveLength(1);
    expect(keys[0]!.clientKey).toHaveLength(20);
    expect(keys[0]!.serverKey).toHaveLength(20);
  });
});

describe('chooseMechanism', () => {
  const all = ['PLAIN', 'ANONYMOUS', 'SCRAM-SHA-1'];

  it('prefers SCRAM-SHA-1 for a password login', () => {
    expect(chooseMechanism(all, { anonymous: false, secure: true })).toBe('SCRAM-SHA-1');
  });

  it('uses PLAIN first for a guest’s made-up password, but only over a secure transport', () => {
    expect(chooseMechanism(all, { anonymous: false, secure: true, throwaway: true })).toBe('PLAIN');
    expect(chooseMechanism(all, { anonymous: false, secure: false, throwaway: true })).toBe(
      'SCRAM-SHA-1',
    );
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
