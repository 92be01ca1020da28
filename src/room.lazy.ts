// Where the session gets the rooms' code: a chunk of its own in the loader's build. The
// single-file builds use room.static.ts instead (vite.config.ts, `staticSeams`).
import type * as RoomCode from './room.js';

/** Loads the rooms' code (room.ts, xmpp/muc.ts). */
export function loadRoomCode(): Promise<typeof RoomCode> {
  return import('./room.js');
}
