// Chatlet parse results — the shape every src/xmpp parser returns (no spec of its own)

/**
 * The outcome of parsing a stanza: the typed value, or the reason it was refused.
 *
 * Parsers never throw on hostile or malformed input; they return `{ ok: false }`
 * with a reason a developer can read in a log.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A successful parse carrying `value`. */
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** A refused parse; `reason` says in plain English why the stanza was not accepted. */
export const reject = (reason: string): Parsed<never> => ({ ok: false, reason });
