import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../../src/xmpp/connection.js';

/** The wait without jitter's discount: the most attempt `n` can wait. */
const ceiling = (n: number) => reconnectDelay(n, 1);

describe('reconnectDelay', () => {
  it('waits at most half a second before the first attempt', () => {
    expect(ceiling(0)).toBe(500);
  });

  it('doubles the wait with every failed attempt', () => {
    expect([0, 1, 2, 3, 4, 5].map(ceiling)).toEqual([500, 1000, 2000, 4000, 8000, 16_000]);
  });

  it('never waits more than 30 s, however many attempts failed', () => {
    expect(ceiling(6)).toBe(30_000);
    expect(ceiling(50)).toBe(30_000);
    // 2 ** 2000 is Infinity: still capped, not NaN or Infinity.
    expect(ceiling(2000)).toBe(30_000);
  });

  it('spreads reconnecting clients over the upper half of the wait', () => {
    expect(reconnectDelay(0, 0)).toBe(250);
    expect(reconnectDelay(3, 0)).toBe(2000);
    expect(reconnectDelay(3, 0.5)).toBe(3000);
    expect(reconnectDelay(20, 0)).toBe(15_000);
  });

  it('stays within [ceiling / 2, ceiling] for any random draw', () => {
    for (const n of [0, 1, 4, 6, 12]) {
      const top = ceiling(n);
      for (let i = 0; i < 200; i++) {
        const wait = reconnectDelay(n);
        expect(wait).toBeGreaterThanOrEqual(top / 2);
        expect(wait).toBeLessThanOrEqual(top);
      }
    }
  });

  it('waits whole milliseconds', () => {
    expect(Number.isInteger(reconnectDelay(2, 0.123456))).toBe(true);
  });
});
