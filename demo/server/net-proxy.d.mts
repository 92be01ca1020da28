// Types for net-proxy.mjs.
export interface NetProxy {
  readonly port: number;
  /** ws://127.0.0.1:<port>/xmpp-websocket */
  readonly service: string;
  /** Open client connections right now (not closed or half-closed by the client). */
  readonly connections: number;
  /**
   * Destroys every open connection on both sides (the page sees the socket close, code 1006;
   * Prosody sees it too, and hibernates an XEP-0198 session). New connections are still
   * accepted and forwarded. Works during a blackhole as well.
   */
  cut(): void;
  /**
   * Like a dead network: stops forwarding in both directions WITHOUT closing anything; bytes
   * (and FINs) are held, as TCP retransmission would, and new connections are accepted but get
   * nothing through. Neither side notices: Chromium keeps such a WebSocket OPEN indefinitely.
   */
  blackhole(): void;
  /** Ends a blackhole: held bytes flow again (in order), forwarding resumes. */
  restore(): void;
  /**
   * Sends `text` as one unmasked WebSocket text frame server→client on every open upgraded
   * connection (or the latest one with {latest:true}), between two of the server's frames.
   * Resolves when written (during a blackhole: after restore()); rejects if there is no such
   * connection or it closes first.
   */
  inject(
    text: string,
    options?: {
      latest?: boolean;
    },
  ): Promise<void>;
  /**
   * Drops server→client text frames for which `predicate(text)` is true, until called again
   * with null. The predicate sees every such frame as it arrives from the server, also during
   * a blackhole, so `() => false` with a side effect is a tap.
   */
  dropServerFrames(predicate: ((text: string) => boolean) | null): void;
  close(): Promise<void>;
}
export declare function startNetProxy(targetPort: number, host?: string): Promise<NetProxy>;
