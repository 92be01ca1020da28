// Where a password login gets SCRAM-SHA-1: a chunk of its own in the loader's build. The
// single-file builds use scram-sha-1.static.ts instead (vite.config.ts, `staticSeams`).

/** Loads the SCRAM-SHA-1 mechanism. */
export function loadScramSha1(): Promise<typeof import('./scram-sha-1.js').FastScramSha1> {
  return import('./scram-sha-1.js').then((module) => module.FastScramSha1);
}
