// The election of the tab that holds an account's connection: Web Locks work between objects
// of one page as between tabs.
import { describe, expect, it } from 'vitest';
import { electLeader } from '../../../src/tabs/leader.js';

let counter = 0;
const newName = () => `chatlet:test:${Date.now().toString(36)}x${++counter}`;

describe('electLeader', () => {
  it('lets the first tab lead at once and the next lead when the first lets go', async () => {
    const name = newName();
    const first = electLeader(name);
    const second = electLeader(name);
    expect(await first.first).toBe(true);
    expect(await second.first).toBe(false);
    let secondWon = false;
    void second.won.then(() => (secondWon = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondWon).toBe(false);
    first.release();
    await second.won;
    second.release();
  });

  it('leaves the line when released before it was its turn', async () => {
    const name = newName();
    const first = electLeader(name);
    const second = electLeader(name);
    const third = electLeader(name);
    await second.first;
    second.release();
    first.release();
    await third.won;
    expect((await navigator.locks.query()).pending?.some((l) => l.name === name)).toBe(false);
    third.release();
  });
});
