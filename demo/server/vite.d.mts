import type { ViteDevServer } from 'vite';

export interface ViteOptions {
  /** Prosody's HTTP port; `/xmpp-websocket` is proxied to it. */
  prosodyHttpPort: number;
  /** 0/undefined = a free port. */
  port?: number;
  quiet?: boolean;
  /** HMR + file watching (interactive use). Off for tests. */
  dev?: boolean;
  /** Vite's cache folder (dependency pre-bundling); give each parallel server its own. */
  cacheDir?: string;
}

export interface RunningVite {
  server: ViteDevServer;
  port: number;
  /** http://127.0.0.1:PORT */
  baseURL: string;
  /** ws://127.0.0.1:PORT/xmpp-websocket (through the proxy). */
  service: string;
  close(): Promise<void>;
}

export function startVite(options: ViteOptions): Promise<RunningVite>;
