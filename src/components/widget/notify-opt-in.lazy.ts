// Where the widget gets its opt-in notifications: a chunk of its own in the loader's build. The
// single-file builds use notify-opt-in.static.ts instead (vite.config.ts, `staticSeams`).
import type * as OptIn from './notify-opt-in.js';

/** Loads the opt-in notifications (title, sound, desktop). */
export function loadOptIn(): Promise<typeof OptIn> {
  return import('./notify-opt-in.js');
}
