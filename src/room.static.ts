// room.lazy.ts for the single-file builds: the code is already there.
import * as RoomCode from './room.js';

/** Loads the rooms' code (room.ts, xmpp/muc.ts): here, the module already imported. */
export function loadRoomCode(): Promise<typeof RoomCode> {
  return Promise.resolve(RoomCode);
}
