// scram-sha-1.lazy.ts for the single-file builds: the code is already there.
import { FastScramSha1 } from './scram-sha-1.js';

/** Loads the SCRAM-SHA-1 mechanism: here, the module already imported. */
export function loadScramSha1(): Promise<typeof FastScramSha1> {
  return Promise.resolve(FastScramSha1);
}
