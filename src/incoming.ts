// Session glue for what the server sends: messages, presence, roster results
// and pushes. Parsers in xmpp/ decide what is valid; this decides what it means.

import { type Element, xml } from '@xmpp/xml';
import type { SubscriptionPolicy } from './api.js';
import type { Cache } from './cache/cache.js';
import * as store from './store/store.js';
import type { Contact, Message } from './store/types.js';
import { unwrapCarbon } from './xmpp/carbons.js';
import { describeError, NS_STANZAS } from './xmpp/errors.js';
import { bareJid, resourceOf, sameBare } from './xmpp/jid.js';
import { parseMamResult } from './xmpp/mam.js';
import { buildAcknowledgement, type ParsedMessage, parseMessage } from './xmpp/message.js';
import { buildSubscription, parsePresence } from './xmpp/presence.js';
import { parseRosterPush, parseRosterResult, type RosterItem } from './xmpp/roster.js';

/** What the incoming side needs from the session. */
export interface IncomingDeps {
  store: store.Store;
  cache: Cache | null;
  send: (stanza: Element) => Promise<void>;
  policy: SubscriptionPolicy;
  /** Own bare JID. */
  own: () => string;
  /** The archive a running MAM query went to, by query id; `undefined` for ids never asked. */
  archiveOf: (queryId: string) => string | undefined;
  /** What one result of a running MAM query means. */
  onArchived: (queryId: string, result: Interpreted) => void;
  /** A live message carried the own archive's id for it. */
  onArchiveId: (archiveId: string) => void;
}

/** Where a message came from, which decides its direction. */
export type Source = 'live' | 'carbon-sent' | 'carbon-received' | 'archive';

/** A delivery receipt or chat marker, sent by the peer (`in`) or by one of our devices (`out`). */
export interface Acknowledgement {
  peer: string;
  /** The id of the message acknowledged. */
  ref: string;
  mark: 'delivered' | 'read';
  direction: 'in' | 'out';
}

/** What a message means: something to show, an acknowledgement, both or neither. */
export interface Interpreted {
  message?: Message;
  ack?: Acknowledgement;
}

interface Archived {
  archiveId: string;
  stamp: number;
}

/** How long presences are gathered into one store update, in ms. */
const PRESENCE_BATCH_MS = 20;

/** Creates the handlers of incoming stanzas for one session. */
export function createIncoming(deps: IncomingDeps) {
  const { store: state, cache } = deps;
  let pendingPresence: store.PresenceChange[] = [];
  let presenceTimer: ReturnType<typeof setTimeout> | undefined;

  const flushPresence = () => {
    presenceTimer = undefined;
    const changes = pendingPresence;
    pendingPresence = [];
    store.applyPresences(state, changes);
  };

  const queuePresence = (change: store.PresenceChange) => {
    pendingPresence.push(change);
    if (presenceTimer === undefined) presenceTimer = setTimeout(flushPresence, PRESENCE_BATCH_MS);
  };

  const saveSummary = (peer: string) => {
    const conversation = state.conversations.get(peer);
    if (!conversation || !cache) return;
    cache.putSummary({
      peer,
      unread: conversation.unread.value,
      lastTime: conversation.lastTime.value,
    });
  };

  /** Applies a receipt or marker: ours from the peer, or the peer's from another own device. */
  function acknowledge(ack: Acknowledgement) {
    if (ack.direction === 'out') {
      // Another device of ours showed the peer's messages: they are read here too.
      if (ack.mark === 'read' && state.conversations.get(ack.peer)?.unread.value) {
        store.markRead(state, ack.peer);
        saveSummary(ack.peer);
      }
      return;
    }
    // A receipt names the message by its stanza id: ours (our id), or that of the device of
    // ours that sent it.
    const shown = state.conversations
      .get(ack.peer)
      ?.messages.value.findLast((m) => m.id === ack.ref || m.remoteId === ack.ref);
    if (!shown) {
      const elsewhere = [...state.conversations.values()].find(
        (c) => c.peer !== ack.peer && c.ids.has(ack.ref),
      );
      if (elsewhere) {
        console.warn(
          `[chatlet] dropped a ${ack.mark === 'read' ? 'chat marker' : 'receipt'} from ${ack.peer} for a message sent to ${elsewhere.peer}.`,
        );
      }
      return;
    }
    if (shown.direction !== 'out') {
      console.warn(`[chatlet] dropped an acknowledgement from ${ack.peer} of a message it sent.`);
      return;
    }
    if (!store.mergeCopy(shown, { ...shown, state: ack.mark })) return;
    const updated = store.updateMessage(state, ack.peer, shown.id, {
      state: ack.mark,
      error: undefined,
    });
    if (updated) cache?.putMessages([updated]);
  }

  /**
   * Turns a parsed message into what it means for the history: a message, an
   * acknowledgement, or nothing. `source` says where it came from, which decides
   * its direction.
   */
  function interpret(m: ParsedMessage, source: Source, archived?: Archived): Interpreted {
    const own = deps.own();
    const fromSelf = sameBare(m.from, own);
    let direction: 'in' | 'out';
    let peer: string;
    if (source === 'carbon-sent' || (source === 'archive' && fromSelf)) {
      if (!m.to) return {};
      direction = 'out';
      peer = bareJid(m.to);
    } else {
      if (fromSelf) return {}; // our own messages come back only as carbons
      direction = 'in';
      peer = bareJid(m.from);
    }
    const result: Interpreted = {};
    const ref = m.displayedId ?? m.receivedId;
    if (ref) result.ack = { peer, ref, mark: m.displayedId ? 'read' : 'delivered', direction };
    if (m.type === 'groupchat' || m.type === 'error' || m.body === undefined) return result;
    const archiveId = archived?.archiveId ?? m.stanzaId;
    result.message = {
      id:
        direction === 'out'
          ? (m.originId ?? m.id ?? crypto.randomUUID())
          : (archiveId ?? crypto.randomUUID()),
      peer,
      direction,
      body: m.body,
      type: m.type,
      // The order of the history is when the own server or this client got it, never the
      // sender's claim (which is shown, below).
      time: archived?.stamp ?? Date.now(),
      ...(m.delay !== undefined && { stamp: m.delay }),
      ...(direction === 'in' && { from: m.from }),
      ...(direction === 'out' && { state: 'sent' as const }),
      ...(archiveId && { archiveId }),
      ...(m.originId && { originId: m.originId }),
      ...(direction === 'out' && !m.originId && m.id && { originId: m.id }),
      ...(m.id && { remoteId: m.id }),
      ...(m.markable && { markable: true }),
    };
    return result;
  }

  /** Shows messages (merging copies already shown) and stores what changed. */
  function show(messages: readonly Message[], read = false): store.Added {
    const result = store.addMessages(state, messages, { read });
    const changed = [...result.added, ...result.merged];
    cache?.putMessages(changed);
    for (const merged of result.merged) {
      if (merged.direction === 'out' && merged.state !== 'pending') cache?.deleteOutbox(merged.id);
    }
    for (const peer of new Set(changed.map((m) => m.peer))) saveSummary(peer);
    return result;
  }

  function bounced(m: ParsedMessage, stanza: Element) {
    const peer = bareJid(m.from);
    const original = m.id ? store.findMessage(state, peer, [m.id]) : undefined;
    if (original?.direction !== 'out' || original.id !== m.id) {
      console.warn('[chatlet] an error reply to an unknown message:', stanza.toString());
      return;
    }
    const updated = store.updateMessage(state, peer, original.id, {
      state: 'failed',
      error: m.error ? describeError(m.error) : 'The message could not be delivered.',
    });
    if (updated) {
      cache?.putMessages([updated]);
      cache?.deleteOutbox(updated.id);
    }
  }

  function message(stanza: Element) {
    const own = deps.own();
    const archived = parseMamResult(stanza, deps.archiveOf, own);
    if (archived) {
      if (!archived.ok) {
        console.warn(`[chatlet] dropped an archive result: ${archived.reason}`, stanza.toString());
        return;
      }
      const inner = parseMessage(archived.value.message, own);
      if (!inner.ok) {
        console.warn(`[chatlet] dropped an archived message: ${inner.reason}`);
        return;
      }
      deps.onArchived(archived.value.queryId, interpret(inner.value, 'archive', archived.value));
      return;
    }
    const carbon = unwrapCarbon(stanza, own);
    if (carbon && !carbon.ok) {
      console.warn(`[chatlet] dropped a carbon copy: ${carbon.reason}`, stanza.toString());
      return;
    }
    const parsed = parseMessage(carbon ? carbon.value.message : stanza, own);
    if (!parsed.ok) {
      console.warn(`[chatlet] dropped a message: ${parsed.reason}`, stanza.toString());
      return;
    }
    const m = parsed.value;
    if (m.type === 'error') {
      if (!carbon) bounced(m, stanza);
      return;
    }
    const source: Source = carbon ? `carbon-${carbon.value.direction}` : 'live';
    const { message: received, ack } = interpret(m, source);
    if (ack) acknowledge(ack);
    if (!received) return;
    show([received]);
    if (m.stanzaId && !carbon) deps.onArchiveId(m.stanzaId);
    // XEP-0184 §5.4: acknowledge receipt to the device that sent it (the user's other
    // devices acknowledge carbons themselves).
    if (source === 'live' && m.receiptRequested && m.id && m.type !== 'headline') {
      void deps
        .send(buildAcknowledgement({ to: m.from, id: m.id, kind: 'received' }))
        .catch(() => undefined);
    }
  }

  async function answer(jid: string, accept: boolean) {
    store.removeRequest(state, jid);
    if (!accept) {
      await deps.send(buildSubscription('unsubscribed', jid));
      return;
    }
    await deps.send(buildSubscription('subscribed', jid));
    const contact = state.contacts.value.get(jid);
    const subscribedToThem = contact?.subscription === 'to' || contact?.subscription === 'both';
    if (!subscribedToThem && !contact?.pending) {
      await deps.send(buildSubscription('subscribe', jid));
    }
  }

  function presence(stanza: Element) {
    const parsed = parsePresence(stanza);
    if (!parsed.ok) {
      console.warn(`[chatlet] dropped a presence: ${parsed.reason}`, stanza.toString());
      return;
    }
    const p = parsed.value;
    switch (p.kind) {
      case 'available':
        queuePresence({
          jid: bareJid(p.from),
          resource: resourceOf(p.from),
          presence: {
            show: p.show,
            priority: p.priority,
            ...(p.status !== undefined && { status: p.status }),
          },
        });
        break;
      case 'unavailable':
        queuePresence({ jid: bareJid(p.from), resource: resourceOf(p.from), presence: null });
        break;
      case 'subscribe': {
        const contact = state.contacts.value.get(p.from);
        // We asked them first (or already see them): this is the other half of a mutual add.
        const weAsked = contact && (contact.pending || contact.subscription === 'to');
        if (deps.policy === 'accept' || weAsked) void answer(p.from, true);
        else if (deps.policy === 'reject') void answer(p.from, false);
        else store.addRequest(state, { jid: p.from, ...(p.nick && { nick: p.nick }) });
        break;
      }
      case 'unsubscribe':
        store.removeRequest(state, p.from);
        break;
      case 'error':
        console.warn(`[chatlet] presence error from ${p.from}: ${describeError(p.error)}`);
        break;
      default:
        // subscribed / unsubscribed arrive with roster pushes; probes are the server's.
        break;
    }
  }

  return {
    saveSummary,
    answer,
    show,
    acknowledge,
    /** Routes an incoming message or presence. */
    stanza(stanza: Element) {
      if (stanza.is('message')) message(stanza);
      else if (stanza.is('presence')) presence(stanza);
    },
    /** Applies the answer to a roster get. */
    rosterResult(iq: Element) {
      const parsed = parseRosterResult(iq);
      if (!parsed.ok) {
        console.warn(`[chatlet] ignored a roster result: ${parsed.reason}`);
        return;
      }
      if (parsed.value.unchanged) return;
      const contacts = parsed.value.items.map(toContact);
      store.setRoster(state, contacts);
      cache?.replaceContacts(contacts);
      if (parsed.value.version !== undefined) cache?.setMeta('rosterVersion', parsed.value.version);
    },
    /** Handles a roster push; answers an error to one that is not from the own account. */
    rosterPush(iq: Element): Element | true {
      const parsed = parseRosterPush(iq, deps.own());
      if (!parsed.ok) {
        console.warn(`[chatlet] ignored a roster push: ${parsed.reason}`);
        return xml('error', { type: 'cancel' }, xml('service-unavailable', { xmlns: NS_STANZAS }));
      }
      const { item, version } = parsed.value;
      if (item.subscription === 'remove') {
        store.removeContact(state, item.jid);
        cache?.deleteContact(item.jid);
      } else {
        const contact = toContact(item);
        store.upsertContact(state, contact);
        cache?.putContact(contact);
      }
      if (version !== undefined) cache?.setMeta('rosterVersion', version);
      return true;
    },
  };
}

function toContact(item: RosterItem): Contact {
  return {
    jid: bareJid(item.jid),
    ...(item.name && { name: item.name }),
    groups: item.groups,
    subscription: item.subscription === 'remove' ? 'none' : item.subscription,
    ...(item.pending && { pending: true }),
  };
}
