import { describe, expect, it } from 'vitest';
import { EventEmitter } from '../../src/shims/events.js';

describe('the EventEmitter stand-in', () => {
  it('calls listeners in order with the arguments, and reports whether anyone listened', () => {
    const emitter = new EventEmitter();
    const seen: string[] = [];
    emitter.on('x', (a: string, b: string) => seen.push(`first ${a} ${b}`));
    emitter.on('x', (a: string) => seen.push(`second ${a}`));
    expect(emitter.emit('x', '1', '2')).toBe(true);
    expect(emitter.emit('y')).toBe(false);
    expect(seen).toEqual(['first 1 2', 'second 1']);
  });

  it('runs a once listener once, and off() removes it by the function given to once()', () => {
    const emitter = new EventEmitter();
    let count = 0;
    const listener = () => (count += 1);
    emitter.once('x', listener);
    emitter.emit('x');
    emitter.emit('x');
    expect(count).toBe(1);
    emitter.once('x', listener);
    emitter.off('x', listener);
    emitter.emit('x');
    expect(count).toBe(1);
    expect(emitter.listenerCount('x')).toBe(0);
  });

  it('lets a listener remove another during an emit without skipping anyone this time', () => {
    const emitter = new EventEmitter();
    const seen: string[] = [];
    const second = () => seen.push('second');
    emitter.on('x', () => {
      seen.push('first');
      emitter.removeListener('x', second);
    });
    emitter.on('x', second);
    emitter.emit('x');
    emitter.emit('x');
    expect(seen).toEqual(['first', 'second', 'first']);
  });

  it('throws an error event nobody listens to, as Node does', () => {
    const emitter = new EventEmitter();
    const error = new Error('boom');
    expect(() => emitter.emit('error', error)).toThrow(error);
    emitter.on('error', () => {});
    expect(emitter.emit('error', error)).toBe(true);
  });
});
