// Starting Chatlet from a script tag's data-* attributes: the default session and the widget.
// Shared by the classic script (embed.ts, its own <script>) and the loader's ES module
// (embed-module.ts, handed the loader's attributes).
import type { ConnectOptions } from './api.js';
import {
  defaultConnectOptions,
  defaultSession,
  lastAccount,
  loginProblem,
  signingIn,
} from './default-session.js';
import { type EmbedConfig, readConfig } from './embed-config.js';
import { connect } from './session.js';

/**
 * Starts Chatlet as the script tag says: `script` is the tag, or anything with its `dataset`.
 * Never throws at the page.
 */
export function start(script: { readonly dataset: DOMStringMap }): void {
  performance.mark('chatlet:script-start');
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
  if (!config) {
    // Keep the promise the page was made: a launcher, which says chat is unavailable.
    const data = script.dataset;
    if (
      data['widget'] !== undefined ||
      data['support'] !== undefined ||
      data['supportRoom'] !== undefined
    ) {
      addWidget().unavailable = true;
    }
    return;
  }
  const options = config.options as ConnectOptions;
  if (config.credentialsUrl) options.credentials = fetchCredentials(config.credentialsUrl);
  defaultConnectOptions.value = options;
  if (config.widget) configureWidget(addWidget(), config);
  if (defaultSession.value) return;
  // Visitors, the account that last logged in here, or whoever the site says is signed in.
  const login =
    options.anonymous || options.credentials || lastAccount()
      ? connect({ ...options, jid: options.anonymous ? undefined : (lastAccount() ?? undefined) })
      : null;
  if (!login) return;
  signingIn.value = true;
  login
    .catch((error: Error) => {
      // The widget shows the login form and why; the console says it too.
      loginProblem.value = error.message;
      console.info(`[chatlet] not logged in: ${error.message}`);
    })
    .finally(() => {
      signingIn.value = false;
    });
}

/**
 * The `credentials` callback of `data-credentials-url`: the site's backend, asked with the
 * page's cookies, answers `{ "jid": "…", "password": "…" }` for the person signed in.
 */
function fetchCredentials(url: string): () => Promise<{ jid: string; password: string }> {
  return async () => {
    const response = await fetch(url, {
      credentials: 'include',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) {
      throw new Error(`${url} answered ${response.status}; it must answer {"jid", "password"}.`);
    }
    return (await response.json()) as { jid: string; password: string };
  };
}

/** The page's `<chatlet-widget>`, added at the end of the body unless the page has one. */
function addWidget(): HTMLElementTagNameMap['chatlet-widget'] {
  return (
    document.querySelector('chatlet-widget') ??
    document.body.appendChild(document.createElement('chatlet-widget'))
  );
}

function configureWidget(widget: HTMLElement, config: EmbedConfig): void {
  const attributes: [string, string | undefined][] = [
    ['support', config.support],
    ['support-room', config.supportRoom],
    ['greeting', config.greeting],
    ['prechat', config.prechat.join(',') || undefined],
    ['hours', config.hours],
    ['locale', config.locale],
    ['theme', config.theme],
    ['notify', config.notify.join(',') || undefined],
    ['open', config.open ? '' : undefined],
  ];
  for (const [name, value] of attributes) {
    if (value !== undefined && !widget.hasAttribute(name)) widget.setAttribute(name, value);
  }
  // Through the CSSOM, which a strict style-src allows (a style attribute it would not).
  if (config.accent) widget.style.setProperty('--chatlet-accent', config.accent);
}
