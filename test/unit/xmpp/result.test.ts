import { describe, expect, it } from 'vitest';
import { ok, type Parsed, reject } from '../../../src/xmpp/result.js';

describe('result', () => {
  it('wraps a value as a successful parse', () => {
    const parsed: Parsed<number> = ok(42);
    expect(parsed).toEqual({ ok: true, value: 42 });
  });

  it('carries the reason of a refused parse', () => {
    const parsed: Parsed<number> = reject('no from');
    expect(parsed).toEqual({ ok: false, reason: 'no from' });
  });
});
