// Page helpers for tests that put a NetProxy (net-proxy.ts) between the widget and Prosody.
import type { Page } from '@playwright/test';
import type { NetProxy } from '../../demo/server/net-proxy.mjs';

/**
 * Opens `path` of the vite server with the embed script's data-service pointing at `proxy`
 * instead of the vite server's own /xmpp-websocket, so the widget's WebSocket goes through
 * the proxy (and from there straight to Prosody). Holds for later loads (page.reload()).
 *
 * The page itself is the server's, unmodified: module scripts run after the document is
 * parsed, so an init script can change the attribute when the document becomes interactive.
 * (A document fulfilled by page.route() would have no address, and Chromium's Local Network
 * Access checks would then block its WebSocket to 127.0.0.1.)
 */
export async function openPageThrough(page: Page, proxy: NetProxy, path = '/'): Promise<void> {
  await openPageWith(page, { service: proxy.service }, path);
}

/**
 * Opens `path` of the vite server with the embed script's data-* attributes changed (dataset
 * names: `{ service, support }`), for this load and every later one of the page.
 */
export async function openPageWith(
  page: Page,
  data: Record<string, string>,
  path = '/',
): Promise<void> {
  await page.addInitScript((data) => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      for (const script of document.querySelectorAll<HTMLScriptElement>('script[data-service]')) {
        Object.assign(script.dataset, data);
      }
    });
  }, data);
  await page.goto(path);
}
