// The loader's entry (dist/chatlet-embed.js, an ES module split into chunks): what a page with
// the loader needs at once, and `start()`, which the loader calls with its own script tag
// (a module has no `document.currentScript` to read data-* from). The contact list, the tabs'
// shared connection and the rooms come in chunks of their own, the first time they are used;
// the loader makes this module's exports the global `Chatlet`, as the classic script does.
import { ChatletChatPane } from './components/chat-pane/chat-pane.js';
import { ChatletPresenceBadge } from './components/presence-badge/presence-badge.js';
import { define } from './components/shared/define.js';
import { ChatletWidget } from './components/widget/widget.js';
import { loginConnect } from './default-session.js';
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
export { start } from './embed-start.js';
export { connect };
export { displayName } from './store/store.js';
export type * from './store/types.js';

define('chatlet-presence-badge', ChatletPresenceBadge);
define('chatlet-chat-pane', ChatletChatPane);
define('chatlet-widget', ChatletWidget);
