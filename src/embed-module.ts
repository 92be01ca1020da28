// The loader's entry (dist/chatlet-embed.js, an ES module split into chunks): what a page with
// the loader needs at once, and `start()`, which the loader calls with its own script tag
// (a module has no `document.currentScript` to read data-* from). The contact list, the tabs'
// shared connection and the rooms come in chunks of their own, the first time they are used;
// the loader makes this module's exports the global `Chatlet`, as the classic script does.
import { ChatletChatPane } from './components/chat-pane/chat-pane.js';
import { ChatletPresenceBadge } from './components/presence-badge/presence-badge.js';
import { define } from './components/shared/define.js';
import { loadWords, pickLocale } from './components/shared/i18n.js';
import { ChatletWidget } from './components/widget/widget.js';
import { loginConnect } from './default-session.js';
import { start as startEmbed } from './embed-start.js';
import { connect } from './session.js';

// The widget's login form connects through this (see index.ts).
loginConnect.value = connect;

export type * from './api.js';
export { ChatletChatPane } from './components/chat-pane/chat-pane.js';
export { ChatletPresenceBadge } from './components/presence-badge/presence-badge.js';
export { define } from './components/shared/define.js';
export {
  ChatletCloseEvent,
  ChatletMessageEvent,
  ChatletOpenEvent,
  ChatletSelectEvent,
  ChatletStatusEvent,
  ChatletUnreadChangedEvent,
} from './components/shared/events.js';
export { ChatletWidget } from './components/widget/widget.js';
export { defaultConnectOptions, defaultSession, lastAccount } from './default-session.js';
export { type EmbedConfig, readConfig } from './embed-config.js';
export { connect };
export { displayName } from './store/store.js';
export type * from './store/types.js';

/**
 * Starts Chatlet as the loader's script tag says, then registers the elements once the page's
 * language is here: a Chinese page fetches its words first (a small chunk), so nothing paints in
 * English before it. The session does not wait for them.
 */
export function start(script: { readonly dataset: DOMStringMap }): void {
  startEmbed(script);
  const wanted = script.dataset['locale'];
  void loadWords(pickLocale(wanted ? [wanted] : navigator.languages)).then(() => {
    define('chatlet-presence-badge', ChatletPresenceBadge);
    define('chatlet-chat-pane', ChatletChatPane);
    define('chatlet-widget', ChatletWidget);
  });
}
