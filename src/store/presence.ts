// Who is there: per-JID presence signals, updated in batches. No DOM, no network.
import { batch, type Signal, signal } from '@preact/signals-core';
import type { Store } from './store.js';
import type { Presence, ResourcePresence, Show } from './types.js';

const OFFLINE: Presence = Object.freeze({ show: 'offline', resources: Object.freeze({}) });

const SHOW_RANK: Record<Show, number> = { chat: 0, online: 1, away: 2, xa: 3, dnd: 4, offline: 5 };

/** The presence signal of a bare JID; `offline` until something is heard. */
export function presenceOf(store: Store, jid: string): Signal<Presence> {
  let presence = store.presences.get(jid);
  if (!presence) {
    presence = signal(OFFLINE);
    store.presences.set(jid, presence);
  }
  return presence;
}

/** One resource coming online, changing, or (with `presence: null`) going away. */
export interface PresenceChange {
  jid: string;
  resource: string;
  presence: ResourcePresence | null;
}

/**
 * Applies presence changes in one batch, so a flood of presences at login is
 * one update for every watcher.
 */
export function applyPresences(store: Store, changes: readonly PresenceChange[]): void {
  const next = new Map<string, Record<string, ResourcePresence>>();
  for (const { jid, resource, presence } of changes) {
    let resources = next.get(jid);
    if (!resources) {
      resources = { ...(store.presences.get(jid)?.value.resources ?? {}) };
      next.set(jid, resources);
    }
    if (presence) resources[resource] = presence;
    else delete resources[resource];
  }
  batch(() => {
    for (const [jid, resources] of next) presenceOf(store, jid).value = aggregate(resources);
  });
}

/** Everyone heard online, by bare JID, as plain data: for the next page of a resumed session. */
export function presenceSnapshot(store: Store): Record<string, Record<string, ResourcePresence>> {
  const snapshot: Record<string, Record<string, ResourcePresence>> = {};
  for (const [jid, presence] of store.presences) {
    if (presence.value.show !== 'offline') snapshot[jid] = presence.value.resources;
  }
  return snapshot;
}

/** Puts a {@link presenceSnapshot} back, in one batch. */
export function restorePresences(
  store: Store,
  snapshot: Record<string, Record<string, ResourcePresence>>,
): void {
  const changes: PresenceChange[] = [];
  for (const [jid, resources] of Object.entries(snapshot)) {
    for (const [resource, presence] of Object.entries(resources)) {
      changes.push({ jid, resource, presence });
    }
  }
  applyPresences(store, changes);
}

/** Marks everyone offline (our own connection went away, so we know nothing). */
export function clearPresences(store: Store): void {
  batch(() => {
    for (const presence of store.presences.values()) presence.value = OFFLINE;
  });
}

/**
 * The presence of a JID from its resources: the highest priority wins, then the
 * most available show (RFC 6121 §8.5.2 leaves the choice to the client).
 */
export function aggregate(resources: Record<string, ResourcePresence>): Presence {
  let best: ResourcePresence | undefined;
  for (const candidate of Object.values(resources)) {
    if (
      !best ||
      SHOW_RANK[candidate.show] < SHOW_RANK[best.show] ||
      (candidate.show === best.show && candidate.priority > best.priority)
    ) {
      best = candidate;
    }
  }
  if (!best) return OFFLINE;
  return { show: best.show, status: best.status, resources };
}
