// The library entry: the API, its types and the element classes.
export type * from './api.js';
export * from './components/index.js';
export { defaultConnectOptions, defaultSession, lastAccount } from './default-session.js';
export { connect, displayName } from './session.js';
export type * from './store/types.js';
