// The script-tag entry: reads data-* from its own <script>, starts the default
// session, adds the widget when asked. Also exports the whole API (global `Chatlet`).
import type { ConnectOptions } from './api.js';
import { defaultConnectOptions, defaultSession, lastAccount } from './default-session.js';
import { readConfig } from './embed-config.js';
import { connect } from './session.js';

export { type EmbedConfig, readConfig } from './embed-config.js';
export * from './index.js';

/** Starts Chatlet as the script tag says. Never throws at the page. */
export function start(script: HTMLScriptElement): void {
  // A second copy of the script on the page must not start a second session.
  const root = document.documentElement;
  if (root.hasAttribute('data-chatlet-started')) {
    console.warn(
      '[chatlet] the Chatlet script is on this page twice; the second copy does nothing.',
    );
    return;
  }
  root.setAttribute('data-chatlet-started', '');
  const { config, errors } = readConfig(script.dataset, location.href);
  for (const error of errors) console.error(`[chatlet] ${error}`);
  if (!config) return;
  defaultConnectOptions.value = config.options;
  if (config.widget && !document.querySelector('chatlet-widget')) {
    const widget = document.createElement('chatlet-widget');
    if (config.support) widget.setAttribute('support', config.support);
    document.body.append(widget);
  }
  if (defaultSession.value) return;
  const account = lastAccount();
  const login = config.options.anonymous
    ? connect(config.options as ConnectOptions)
    : account
      ? connect({ ...(config.options as ConnectOptions), jid: account })
      : null;
  login?.catch((error: Error) => {
    // The widget shows the login form; the console says why.
    console.info(`[chatlet] not logged in: ${error.message}`);
  });
}

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-chatlet], script[data-service]');
if (script) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
}
