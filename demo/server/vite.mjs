// The vite dev server for the demo and the end-to-end tests: serves the project root and
// proxies `/xmpp-websocket` (WebSocket and plain GET) to a Prosody, so a page can always use
// `ws(s)://${location.host}/xmpp-websocket` whatever the ports are.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, PROJECT_ROOT } from './prosody.mjs';

/**
 * @param {object} options
 * @param {number} options.prosodyHttpPort Prosody's HTTP port (the WebSocket endpoint).
 * @param {number} [options.port] 0/undefined = a free port.
 * @param {boolean} [options.quiet] only warnings and errors.
 * @param {boolean} [options.dev] interactive use: HMR + file watching (off for tests, so the
 *   page has no extra WebSocket and nothing reloads under a test).
 * @param {string} [options.cacheDir] vite's cache folder; parallel servers each need their own.
 */
export async function startVite({ prosodyHttpPort, port, quiet = false, dev = false, cacheDir }) {
  const { createServer } = await import('vite');
  const listenPort = port || (await freePort());
  const configFile = join(PROJECT_ROOT, 'vite.config.ts');
  const server = await createServer({
    root: PROJECT_ROOT,
    configFile: existsSync(configFile) ? configFile : false,
    clearScreen: false,
    ...(cacheDir ? { cacheDir } : {}),
    logLevel: quiet ? 'warn' : 'info',
    server: {
      host: '127.0.0.1',
      port: listenPort,
      strictPort: true,
      hmr: dev,
      watch: dev
        ? { ignored: ['**/.run/**', '**/test-results/**', '**/playwright-report/**', '**/dist/**'] }
        : null,
      proxy: {
        '/xmpp-websocket': { target: `http://127.0.0.1:${prosodyHttpPort}`, ws: true },
      },
    },
  });
  await server.listen();
  const baseURL = `http://127.0.0.1:${listenPort}`;
  return {
    server,
    port: listenPort,
    baseURL,
    /** The WebSocket URL a page on this server uses (through the proxy). */
    service: `ws://127.0.0.1:${listenPort}/xmpp-websocket`,
    close: () => server.close(),
  };
}
