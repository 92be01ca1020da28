// A small stand-in for Node's `events` module in the browser bundles (vite.config.ts aliases
// it): xmpp.js only needs an EventEmitter with on/once/off/emit, and the npm `events` polyfill
// is six times the size. Node's behaviour is kept where xmpp.js can notice it: listeners run
// in order on a snapshot of the list, `off` removes a `once` listener by the function given to
// `once`, and emitting `error` with nobody listening throws.

type Listener = ((...args: never[]) => unknown) & { listener?: Listener };

const LISTENERS = Symbol('listeners');

/** Node's EventEmitter, the part xmpp.js uses. */
export class EventEmitter {
  private [LISTENERS] = new Map<string | symbol, Listener[]>();

  on(type: string | symbol, listener: Listener): this {
    const list = this[LISTENERS].get(type);
    if (list) list.push(listener);
    else this[LISTENERS].set(type, [listener]);
    return this;
  }

  addListener(type: string | symbol, listener: Listener): this {
    return this.on(type, listener);
  }

  once(type: string | symbol, listener: Listener): this {
    const wrapper: Listener = (...args: never[]) => {
      this.off(type, wrapper);
      return listener.apply(this, args);
    };
    wrapper.listener = listener;
    return this.on(type, wrapper);
  }

  off(type: string | symbol, listener: Listener): this {
    const list = this[LISTENERS].get(type);
    if (!list) return this;
    // The most recently added match goes first, as in Node.
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i]!.listener === listener) {
        list.splice(i, 1);
        break;
      }
    }
    if (list.length === 0) this[LISTENERS].delete(type);
    return this;
  }

  removeListener(type: string | symbol, listener: Listener): this {
    return this.off(type, listener);
  }

  removeAllListeners(type?: string | symbol): this {
    if (type === undefined) this[LISTENERS].clear();
    else this[LISTENERS].delete(type);
    return this;
  }

  emit(type: string | symbol, ...args: unknown[]): boolean {
    const list = this[LISTENERS].get(type);
    if (!list) {
      if (type === 'error') {
        throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`);
      }
      return false;
    }
    for (const listener of [...list]) listener.apply(this, args as never[]);
    return true;
  }

  listenerCount(type: string | symbol): number {
    return this[LISTENERS].get(type)?.length ?? 0;
  }

  listeners(type: string | symbol): Listener[] {
    return (this[LISTENERS].get(type) ?? []).map((l) => l.listener ?? l);
  }

  setMaxListeners(): this {
    return this;
  }
}

export default EventEmitter;
