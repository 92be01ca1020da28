// The library entry: the API, its types and the element classes.
import { loginConnect } from './default-session.js';
import { connect } from './session.js';

// The widget's login form connects through this. A static import here rather than a dynamic
// import() in the widget: the bundler wraps every module reached by an inlined dynamic import
// in a lazy initialiser that it cannot tree-shake (about 1.1 kB gzip of the bundle).
loginConnect.value = connect;

export type * from './api.js';
export * from './components/index.js';
export { defaultConnectOptions, defaultSession, lastAccount } from './default-session.js';
export { connect };
export { displayName } from './store/store.js';
export type * from './store/types.js';
