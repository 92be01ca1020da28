// Session glue for what the server sends: messages, presence, roster results
// and pushes. Parsers in xmpp/ decide what is valid; this decides what it means.

import { type Element, xml } from '@xmpp/xml';
import type { SubscriptionPolicy } from './api.js';
import type { Cache } from './cache/cache.js';
import * as store from './store/store.js';
import type { Contact, Message } from './store/types.js';
import { describeError, NS_STANZAS } from './xmpp/errors.js';
import { bareJid, resourceOf, sameBare } from './xmpp/jid.js';
import { parseMessage } from './xmpp/message.js';
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

  function message(stanza: Element) {
    const parsed = parseMessage(stanza, deps.own());
    if (!parsed.ok) {
      console.warn(`[chatlet] dropped a message: ${parsed.reason}`, stanza.toString());
      return;
    }
    const m = parsed.value;
    const peer = bareJid(m.from);
    if (m.type === 'error') {
      const id = m.id;
      const conversation = state.conversations.get(peer);
      const original = id ? conversation?.messages.value.find((x) => x.id === id) : undefined;
      if (original?.direction !== 'out') {
        console.warn('[chatlet] an error reply to an unknown message:', stanza.toString());
        return;
      }
      const updated = store.updateMessage(state, peer, original.id, {
        state: 'failed',
        error: m.error ? describeError(m.error) : 'The message could not be delivered.',
      });
      if (updated) cache?.putMessages([updated]);
      return;
    }
    if (m.type === 'groupchat' || m.body === undefined) return;
    if (sameBare(peer, deps.own())) return; // our own messages come back only as carbons
    const received: Message = {
      id: m.originId ?? m.id ?? crypto.randomUUID(),
      peer,
      direction: 'in',
      body: m.body,
      type: m.type,
      time: m.delay ?? Date.now(),
      from: m.from,
      ...(m.delay !== undefined && { delayed: true }),
    };
    const added = store.addMessages(state, [received]);
    if (added.length) {
      cache?.putMessages(added);
      saveSummary(peer);
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
