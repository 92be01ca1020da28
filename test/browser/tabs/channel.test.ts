// What the tabs of an account tell each other: BroadcastChannel works between objects of one
// page as between tabs.
import { describe, expect, it, vi } from 'vitest';
import { openChannel, type Received } from '../../../src/tabs/channel.js';

/** Waits for `check` to pass: generously, as a loaded machine hands locks and messages slowly. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('openChannel', () => {
  it('reaches the other tabs, never the sender, and says who sent it', async () => {
    const name = `chatlet:test:${crypto.randomUUID()}`;
    const one = openChannel(name);
    const two = openChannel(name);
    const heardByOne: Received[] = [];
    const heardByTwo: Received[] = [];
    one.onMessage((m) => heardByOne.push(m));
    two.onMessage((m) => heardByTwo.push(m));
    one.post({ type: 'read', peer: 'bob@example.com' });
    await waitFor(() => expect(heardByTwo).toHaveLength(1));
    expect(heardByTwo[0]).toEqual({ type: 'read', peer: 'bob@example.com', from: one.id });
    expect(heardByOne).toEqual([]);
    one.close();
    two.close();
    one.post({ type: 'logout' }); // closed: nothing, and no error
  });
});
