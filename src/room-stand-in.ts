// The rooms' code (room.ts, xmpp/muc.ts) is fetched only by sessions that use a room: this is
// what the session needs of rooms before then. A room asked for before its code is here is a
// stand-in whose signals follow the real room from the moment it exists.
import { computed, signal } from '@preact/signals-core';
import type { Room } from './api.js';

/** Where a page keeps one room's occupancy for the next page, before the room's JID. */
export const KEPT_PREFIX = 'chatlet:room:';

/** Whether the last page of this tab left any room occupancy behind (see `keptRooms`). */
export function anyKeptRoom(storage: () => Storage): boolean {
  try {
    const kept = storage();
    for (let i = 0; i < kept.length; i++) if (kept.key(i)?.startsWith(KEPT_PREFIX)) return true;
  } catch {
    // No storage: nothing was kept.
  }
  return false;
}

/**
 * A room as `joinRoom` returns it while its code loads: idle until the real room exists, then
 * whatever the real room says. `created` resolves with the real room.
 */
export function roomStandIn(jid: string, created: Promise<{ api: Room }>): Room {
  const real = signal<Room | null>(null);
  created.then(
    (room) => (real.value = room.api),
    (error: unknown) =>
      console.error(`[chatlet] could not load the rooms' code for ${jid}:`, error),
  );
  return {
    jid,
    name: computed(() => real.value?.name.value ?? null),
    state: computed(() => real.value?.state.value ?? 'idle'),
    problem: computed(() => real.value?.problem.value ?? null),
    nick: computed(() => real.value?.nick.value ?? null),
    occupants: computed(() => real.value?.occupants.value ?? []),
    staffPresent: computed(() => real.value?.staffPresent.value ?? false),
    leave: async () => (await created).api.leave(),
  };
}
