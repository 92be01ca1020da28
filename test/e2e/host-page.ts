// Host pages for embed tests: HTML written by the test, served by a small real HTTP server of
// the worker's own (so the test picks the response headers, e.g. a Content-Security-Policy),
// next to the built bundles from .run/e2e-dist under /chatlet/. Pages talk to the worker's
// Prosody directly (ws://127.0.0.1:PORT/xmpp-websocket).
import { readFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base } from './fixtures';
import { E2E_DIST } from './global-setup';

export { expect, nextStanza, type User } from './fixtures';

/** One page a test serves. */
export interface HostPage {
  /** Everything inside <body>, e.g. the script tag. `{{service}}` becomes Prosody's URL. */
  body: string;
  /** Extra <head> content (styles, meta). */
  head?: string;
  /** Response headers of the document, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>;
}

export interface HostServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Serves `page` at `path` until the worker ends. */
  serve(path: string, page: HostPage): void;
  /** Serves a file (a stylesheet, a script) at `path`. */
  file(path: string, body: string, type: string): void;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function document(page: HostPage, service: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>
<link rel="icon" href="data:,">
${page.head ?? ''}
</head>
<body>
${page.body.replaceAll('{{service}}', service)}
</body>
</html>`;
}

export const test = base.extend<object, { hostServer: HostServer }>({
  hostServer: [
    async ({ server }, use) => {
      const pages = new Map<string, HostPage>();
      const files = new Map<string, { body: string; type: string }>();
      const http: HttpServer = createServer((request, response) => {
        const path = new URL(request.url ?? '/', 'http://x').pathname;
        const page = pages.get(path);
        if (page) {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
          response.end(document(page, server.service));
          return;
        }
        const file = files.get(path);
        if (file) {
          response.writeHead(200, { 'content-type': file.type });
          response.end(file.body);
          return;
        }
        if (path.startsWith('/chatlet/') && !path.includes('..')) {
          const name = path.slice('/chatlet/'.length);
          readFile(join(E2E_DIST, name)).then(
            (body) => {
              const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
              response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
              response.end(body);
            },
            () => response.writeHead(404).end(),
          );
          return;
        }
        response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const address = http.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      await use({
        origin: `http://127.0.0.1:${port}`,
        serve: (path, page) => pages.set(path, page),
        file: (path, body, type) => files.set(path, { body, type }),
      });
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
    { scope: 'worker' },
  ],
});

let pageCounter = 0;

/**
 * Serves `host` on the worker's host server and opens it as a new tab would: the panel state
 * Chatlet keeps per tab (sessionStorage) from an earlier host page is cleared first. Returns
 * every path the page requested, in order (the list grows as the page loads more).
 */
export async function openHostPage(
  page: Page,
  hostServer: HostServer,
  host: HostPage,
): Promise<string[]> {
  pageCounter += 1;
  const path = `/host-${pageCounter}.html`;
  hostServer.serve(path, host);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  if (page.url().startsWith(hostServer.origin)) await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${hostServer.origin}${path}`);
  return requested;
}
