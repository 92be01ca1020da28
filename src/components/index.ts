// Registers every Chatlet element. Importing this twice, or on a page where a
// tag is already taken (a widget loaded twice), warns instead of throwing.
import { ChatletChatPane } from './chat-pane/chat-pane.js';
import { ChatletContactList } from './contact-list/contact-list.js';
import { ChatletPresenceBadge } from './presence-badge/presence-badge.js';
import { define } from './shared/define.js';
import { ChatletWidget } from './widget/widget.js';

export { ChatletChatPane } from './chat-pane/chat-pane.js';
export { ChatletContactList } from './contact-list/contact-list.js';
export { ChatletPresenceBadge } from './presence-badge/presence-badge.js';
export {
  ChatletCloseEvent,
  ChatletMessageEvent,
  ChatletOpenEvent,
  ChatletSelectEvent,
  ChatletStatusEvent,
  ChatletUnreadChangedEvent,
} from './shared/events.js';
export { define } from './shared/define.js';
export { ChatletWidget } from './widget/widget.js';

define('chatlet-presence-badge', ChatletPresenceBadge);
define('chatlet-contact-list', ChatletContactList);
define('chatlet-chat-pane', ChatletChatPane);
define('chatlet-widget', ChatletWidget);
