// notify-opt-in.lazy.ts for the single-file builds: the code is already there.
import * as OptIn from './notify-opt-in.js';

/** Loads the opt-in notifications (title, sound, desktop): here, the module already imported. */
export function loadOptIn(): Promise<typeof OptIn> {
  return Promise.resolve(OptIn);
}
