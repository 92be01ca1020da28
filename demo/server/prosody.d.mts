import type { Account, RosterItem, Rosters } from './accounts.mjs';

export const PROJECT_ROOT: string;
export const RUN_DIR: string;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number>;

export interface ProsodyOptions {
  /** Folder for config + data (default: a new `.run/prosody-*`, deleted by stop()). */
  dir?: string;
  /** TCP c2s port; 0/undefined = a free one, null = no c2s listener. */
  c2sPort?: number | null;
  /** HTTP (WebSocket) port; 0/undefined = a free one. */
  httpPort?: number;
  /** Default: the demo accounts. `[]` for none. */
  accounts?: Array<{ user: string; password: string; host?: string }> | Record<string, string>;
  /** Keyed by `user` (on localhost) or `user@host`. Default: the demo rosters (with default accounts). */
  rosters?: Rosters;
  /** No console logging (the log file is always written). */
  quiet?: boolean;
  /** Keep an existing data folder instead of starting fresh. */
  keepData?: boolean;
  /** Keep the generated folder after stop(). */
  keepDir?: boolean;
  /** Default 'info' (or $CHATLET_PROSODY_LOG). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Offer FAST (XEP-0484 tokens over SASL2, XEP-0388): mod_sasl2 + mod_sasl2_fast from Debian's
   * prosody-modules (unpacked into `.run/`) and mod_chatlet_compat. Default true; if the package
   * cannot be had the server starts without FAST and says so once (see `Prosody.fast`).
   */
  fast?: boolean;
  /** Seconds a FAST token is valid after issue (`sasl2_fast_token_ttl`; default 21 days). */
  fastTokenTtl?: number;
  /**
   * A token login with a token older than this many seconds gets a new token in <success/>
   * (`sasl2_fast_token_min_ttl`; default 1 day).
   */
  fastTokenRotateAfter?: number;
}

export interface Prosody {
  pid(): number | undefined;
  httpPort: number;
  c2sPort: number | null;
  /** ws://127.0.0.1:PORT/xmpp-websocket */
  service: string;
  /** http://127.0.0.1:PORT */
  httpURL: string;
  domain: 'localhost';
  anonDomain: 'anon.localhost';
  guestDomain: 'guest.localhost';
  /** 'conference.localhost' (multi-user chat, XEP-0045, with room archives). */
  mucDomain: 'conference.localhost';
  /** Whether FAST (SASL2 + XEP-0484) is offered. */
  fast: boolean;
  dir: string;
  dataDir: string;
  configPath: string;
  logPath: string;
  accounts: Account[];
  /** Creates an account (or resets its password); `user` may be `name@host`. Resolves with the bare JID. */
  register(user: string, password: string): Promise<string>;
  /**
   * Creates a persistent, archived room `name@conference.localhost` with these owners and members
   * (bare JIDs); resolves with its JID. Only for a room Prosody has not loaded yet.
   */
  createRoom(
    name: string,
    options?: { owners?: string[]; members?: string[]; title?: string },
  ): Promise<string>;
  /**
   * Writes a roster. Safe only for an account whose roster Prosody has not loaded yet
   * (nobody logged in as it or sent it presence since the server started).
   */
  setRoster(user: string, items: RosterItem[]): void;
  /** Runs `prosodyctl --config CFG ...args` synchronously. */
  prosodyctl(
    args: string[],
    options?: { timeout?: number },
  ): { code: number; stdout: string; stderr: string };
  /** One admin shell command, e.g. `c2s:show()`. */
  shell(command: string): Promise<string>;
  /** Resolves when the current Prosody process exits (null if it could not be spawned). */
  exited(): Promise<{ code: number | null; signal: string | null } | null>;
  /** Last lines of the Prosody log file. */
  logTail(lines?: number): string;
  /** Stop + start again on the same ports with the same data. */
  restart(): Promise<void>;
  /** SIGSTOP: sockets stay open, nothing is answered. */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** SIGTERM, up to 5 s, then SIGKILL; deletes the folder it created. */
  stop(): Promise<void>;
}

export function startProsody(options?: ProsodyOptions): Promise<Prosody>;
