// The tabs' shared connection as the session loads it: one dynamic import, so one chunk.
export { createTabConnection, type TabConnection } from './tab-connection.js';
export { syncTabs } from './sync.js';
