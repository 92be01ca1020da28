// What the tabs keep the same besides stanzas: unread counts, own presence, subscription
// requests, and the picture a tab gets when it arrives.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as store from '../../../src/store/store.js';
import type { Message } from '../../../src/store/types.js';
import { syncTabs } from '../../../src/tabs/sync.js';
import { createTabConnection, type TabConnection } from '../../../src/tabs/tab-connection.js';
import { fakeConnection } from './fake-connection.js';

/** Waits for `check` to pass: generously, as a loaded machine hands locks and messages slowly. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

let counter = 0;
const newAccount = () => `sync${Date.now().toString(36)}x${++counter}@example.com`;
const BOB = 'bob@example.com';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

/** A tab with a store kept in step with the others; started (leader if first). */
async function openTab(account: string) {
  const tab: TabConnection = createTabConnection({
    account,
    open: async () => fakeConnection(`${account}/web`),
  });
  const state = store.createStore();
  const saved: string[] = [];
  const stop = syncTabs(tab, state, { saveSummary: (peer) => saved.push(peer) });
  cleanup.push(() => {
    stop();
    tab.leave();
  });
  await tab.start();
  return { tab, state, saved };
}

const incoming = (id: string): Message => ({
  id,
  peer: BOB,
  direction: 'in',
  body: id,
  type: 'chat',
  time: Date.now(),
});

const unread = (state: store.Store) => store.conversationOf(state, BOB).unread.value;

describe('syncTabs', () => {
  it('shows the leader’s unread count in every tab, and a read in any tab clears it in all', async () => {
    const account = newAccount();
    const leader = await openTab(account);
    const follower = await openTab(account);
    const other = await openTab(account);

    store.addMessages(leader.state, [incoming('one'), incoming('two')]);
    await waitFor(() => expect(unread(follower.state)).toBe(2));
    await waitFor(() => expect(unread(other.state)).toBe(2));
    expect(follower.saved).toContain(BOB);

    store.markRead(follower.state, BOB);
    await waitFor(() => expect(unread(leader.state)).toBe(0));
    await waitFor(() => expect(unread(other.state)).toBe(0));
    expect(unread(follower.state)).toBe(0);
  });

  it('shows the own presence set in one tab in the others', async () => {
    const account = newAccount();
    const leader = await openTab(account);
    const follower = await openTab(account);
    follower.state.ownPresence.value = { show: 'dnd', status: 'in a meeting' };
    await waitFor(() =>
      expect(leader.state.ownPresence.value).toEqual({ show: 'dnd', status: 'in a meeting' }),
    );
  });

  it('shows a subscription request in every tab until one answers it', async () => {
    const account = newAccount();
    const leader = await openTab(account);
    const follower = await openTab(account);
    store.addRequest(leader.state, { jid: 'carol@example.com' });
    await waitFor(() => expect(follower.state.requests.value).toHaveLength(1));
    store.removeRequest(follower.state, 'carol@example.com');
    await waitFor(() => expect(leader.state.requests.value).toEqual([]));
  });

  it('gives a tab that arrives the presences, counts and requests the leader knows', async () => {
    const account = newAccount();
    const leader = await openTab(account);
    store.applyPresences(leader.state, [
      { jid: BOB, resource: 'phone', presence: { show: 'away', priority: 0 } },
    ]);
    store.addMessages(leader.state, [incoming('one')]);
    store.addRequest(leader.state, { jid: 'carol@example.com' });
    leader.state.ownPresence.value = { show: 'xa' };

    const late = await openTab(account);
    await waitFor(() => expect(store.presenceOf(late.state, BOB).value.show).toBe('away'));
    expect(unread(late.state)).toBe(1);
    expect(late.state.requests.value).toEqual([{ jid: 'carol@example.com' }]);
    expect(late.state.ownPresence.value).toEqual({ show: 'xa' });
  });
});
