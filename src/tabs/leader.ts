// Web Locks — which of a browser profile's tabs holds an account's connection: the one holding
// the lock, for as long as its page lives (the browser lets go of it when the page goes).

/** One tab's place in an election. */
export interface Election {
  /** Resolves `true` when this tab leads at once, `false` when another tab leads for now. */
  readonly first: Promise<boolean>;
  /** Resolves when this tab leads: at once, or when every tab before it has let go. */
  readonly won: Promise<void>;
  /** Lets go of the lock, or of the place in line for it. Safe to call more than once. */
  release(): void;
}

/** `true` where tabs can share a connection: Web Locks and BroadcastChannel both exist. */
export function tabsSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.locks?.request === 'function' &&
    typeof BroadcastChannel === 'function'
  );
}

/**
 * Asks for the lock `name`. A tab that finds it free leads at once; the others wait in line
 * (first come, first served) and lead when the tabs before them have let go of it.
 */
export function electLeader(name: string, locks: LockManager = navigator.locks): Election {
  let released = false;
  let letGo = () => {};
  const held = new Promise<void>((resolve) => (letGo = resolve));
  const line = new AbortController();
  let won = () => {};
  const winning = new Promise<void>((resolve) => (won = resolve));

  // The callback's promise is what holds the lock: it settles only when released.
  const lead = async (lock: Lock | null): Promise<boolean> => {
    if (!lock || released) return false;
    won();
    await held;
    return true;
  };
  const first = new Promise<boolean>((resolve) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        if (lock) return lead(lock);
        if (!released) {
          // Another tab leads: wait in line. Aborting the request (release()) rejects it.
          locks.request(name, { signal: line.signal }, lead).catch(() => undefined);
        }
        return false;
      })
      .catch((error: unknown) => {
        console.warn('[chatlet] could not ask for the tab lock:', error);
        resolve(false);
      });
  });

  return {
    first,
    won: winning,
    release() {
      if (released) return;
      released = true;
      line.abort();
      letGo();
    },
  };
}
