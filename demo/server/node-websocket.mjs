// A browser-like global WebSocket for Node 20 (Node 22 has one), for the XMPP clients that the
// tests and benchmarks run in Node.
//
// Unlike a browser, `ws` dispatches every frame of one TCP read in the same tick. xmpp.js 0.14
// resets its XEP-0198 inbound counter a few microtasks after <enabled/>, so stanzas that arrive
// in the same read are counted and then forgotten, and Prosody ends the stream ("Client
// acknowledged less stanzas than already acknowledged"). Deliver each frame in its own
// macrotask, as browsers do.
import { createRequire } from 'node:module';

if (typeof globalThis.WebSocket === 'undefined') {
  const require = createRequire(import.meta.url);
  const { WebSocket: NodeWebSocket } = require('ws');
  class BrowserLikeWebSocket extends NodeWebSocket {
    #queue = Promise.resolve();
    addEventListener(type, listener, options) {
      if (type !== 'message') return super.addEventListener(type, listener, options);
      return super.addEventListener(
        type,
        (event) => {
          this.#queue = this.#queue.then(
            () =>
              new Promise((resolve) =>
                setImmediate(() => {
                  listener(event);
                  resolve();
                }),
              ),
          );
        },
        options,
      );
    }
  }
  globalThis.WebSocket = BrowserLikeWebSocket;
}
