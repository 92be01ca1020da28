// The library entry: the API, its types and the element classes.
export type * from './api.js';
export * from './components/index.js';
export { defaultConnectOptions, defaultSession, lastAccount } from './default-session.js';
export { connect } from './session.js';
export { displayName } from './store/store.js';
export type * from './store/types.js';
