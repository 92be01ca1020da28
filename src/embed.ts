// The script-tag entry (dist/chatlet.iife.js): reads data-* from its own <script>, starts the
// default session, adds the widget when asked. Also exports the whole API (global `Chatlet`).
import { start } from './embed-start.js';

export { type EmbedConfig, readConfig } from './embed-config.js';
export { start } from './embed-start.js';
export * from './index.js';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-chatlet], script[data-service]');
if (script) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
}
