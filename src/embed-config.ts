// Reads and checks the script tag's data-* attributes. Pure: no DOM, no network.
import type { ConnectOptions, SubscriptionPolicy } from './api.js';

/** Fields the support pre-chat form can ask for, in the order they are shown. */
export type PrechatField = 'name' | 'email' | 'question';

/** Opt-in notifications: the unread count in the page title, a sound, desktop notifications. */
export type NotifyKind = 'title' | 'sound' | 'desktop';

/** What the script tag asked for, after validation. */
export interface EmbedConfig {
  options: Partial<ConnectOptions> & { service: string };
  widget: boolean;
  support?: string;
  /** A room (XEP-0045) the visitor joins to talk to support, instead of one agent. */
  supportRoom?: string;
  /** Shown at the top of the support conversation. */
  greeting?: string;
  /** Pre-chat form fields; empty for no form. */
  prechat: PrechatField[];
  /** Business hours, shown when support is away. */
  hours?: string;
  /** Brand colour (any CSS colour). */
  accent?: string;
  /** `light` or `dark`; follows the system when unset. */
  theme?: 'light' | 'dark';
  /** `en` or `zh-CN`; picked from the browser when unset. */
  locale?: string;
  notify: NotifyKind[];
  /** Open the panel as soon as the widget is added (the loader sets it after a click). */
  open: boolean;
  /** The site's endpoint that answers `{ jid, password }` for whoever is signed in. */
  credentialsUrl?: string;
}

const POLICIES: readonly SubscriptionPolicy[] = ['accept', 'reject', 'ask'];
const PRECHAT: readonly PrechatField[] = ['name', 'email', 'question'];
const NOTIFY: readonly NotifyKind[] = ['title', 'sound', 'desktop'];
const THEMES = ['light', 'dark', 'auto'] as const;
/** Locales with a message table. */
export const LOCALES = ['en', 'zh-CN'] as const;

const flag = (value: string | undefined) => value !== undefined && value !== 'false';

/** Every data-* attribute Chatlet reads (dataset names), the loader's two included. */
const KNOWN = [
  'service',
  'domain',
  'anonymous',
  'credentialsUrl',
  'subscriptions',
  'support',
  'supportRoom',
  'widget',
  'greeting',
  'prechat',
  'hours',
  'accent',
  'theme',
  'locale',
  'notify',
  'open',
  'src',
  'load',
];

/** Edit distance of two short strings, to catch typos (`data-suport`). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length]!;
}

/** `data-fooBar` → `data-foo-bar`, as written in HTML. */
const attributeName = (key: string) =>
  `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Splits a comma- or space-separated list; `''` is the empty list. */
function list(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/**
 * Reads and validates the script tag's `data-*` attributes. Returns the
 * config, or the list of problems, each naming the attribute and the fix.
 */
export function readConfig(
  data: DOMStringMap,
  base: string,
): { config?: EmbedConfig; errors: string[] } {
  const errors: string[] = [];
  // Other tools' data-* attributes are fine; one that is nearly ours is a typo.
  for (const key of Object.keys(data)) {
    if (KNOWN.includes(key)) continue;
    const near = KNOWN.find(
      (known) => distance(key.toLowerCase(), known) <= (known.length > 4 ? 2 : 1),
    );
    if (near) {
      errors.push(
        `${attributeName(key)} is not a Chatlet attribute: did you mean ${attributeName(near)}?`,
      );
    }
  }
  let service: string | undefined;
  if (!data['service']) {
    errors.push(
      'data-service is missing: set it to your server\'s WebSocket URL, e.g. data-service="wss://chat.example.com/xmpp-websocket".',
    );
  } else {
    try {
      const url = new URL(data['service'], base);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      }
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(url.protocol);
      service = url.href;
    } catch {
      errors.push(
        `data-service="${data['service']}" is not a WebSocket URL: use wss://host/path or a path on this site such as /xmpp-websocket.`,
      );
    }
  }
  const domain = data['domain'];
  if (domain !== undefined && !/^[a-z0-9.-]+$/i.test(domain)) {
    errors.push(
      `data-domain="${domain}" is not a domain name: use e.g. data-domain="example.com".`,
    );
  }
  const anonymous = flag(data['anonymous']);
  if (anonymous && !domain) {
    errors.push('data-anonymous needs data-domain: the host that allows anonymous logins.');
  }
  let credentialsUrl: string | undefined;
  if (data['credentialsUrl'] !== undefined) {
    try {
      const url = new URL(data['credentialsUrl'], base);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
      credentialsUrl = url.href;
    } catch {
      errors.push(
        `data-credentials-url="${data['credentialsUrl']}" is not a URL: use a path on this site such as /chat/credentials, which answers {"jid": "…", "password": "…"} for the signed-in person.`,
      );
    }
    if (anonymous) {
      errors.push('data-credentials-url and data-anonymous exclude each other: keep one.');
    }
  }
  const subscriptions = data['subscriptions'] as SubscriptionPolicy | undefined;
  if (subscriptions !== undefined && !POLICIES.includes(subscriptions)) {
    errors.push(
      `data-subscriptions="${subscriptions}" is not one of ${POLICIES.join(', ')}: it says what to do when someone asks to see your presence.`,
    );
  }
  const support = data['support'];
  if (support !== undefined && !/^[^@/\s]+@[^@/\s]+$/.test(support)) {
    errors.push(
      `data-support="${support}" is not a JID: use e.g. data-support="support@example.com".`,
    );
  }
  const supportRoom = data['supportRoom'];
  if (supportRoom !== undefined && !/^[^@/\s]+@[^@/\s]+$/.test(supportRoom)) {
    errors.push(
      `data-support-room="${supportRoom}" is not a room JID: use e.g. data-support-room="help@conference.example.com".`,
    );
  } else if (supportRoom !== undefined && support !== undefined) {
    errors.push(
      'data-support and data-support-room exclude each other: keep data-support for one agent, data-support-room for a room of agents.',
    );
  }
  const prechat = list(data['prechat'] ?? '') as PrechatField[];
  const badField = prechat.find((field) => !PRECHAT.includes(field));
  if (badField) {
    errors.push(
      `data-prechat="${data['prechat']}" names "${badField}": list some of ${PRECHAT.join(', ')}, e.g. data-prechat="name,email".`,
    );
  } else if (prechat.length && !support && !supportRoom) {
    errors.push(
      'data-prechat needs data-support or data-support-room: the form is asked before a support chat.',
    );
  }
  const notify = list(data['notify'] ?? '') as NotifyKind[];
  const badNotify = notify.find((kind) => !NOTIFY.includes(kind));
  if (badNotify) {
    errors.push(
      `data-notify="${data['notify']}" names "${badNotify}": list some of ${NOTIFY.join(', ')}, e.g. data-notify="title,sound".`,
    );
  }
  const theme = data['theme'] as (typeof THEMES)[number] | undefined;
  if (theme !== undefined && !THEMES.includes(theme)) {
    errors.push(`data-theme="${theme}" is not one of ${THEMES.join(', ')}.`);
  }
  const locale = data['locale'];
  if (locale !== undefined && !LOCALES.some((l) => l.toLowerCase() === locale.toLowerCase())) {
    errors.push(`data-locale="${locale}" is not one of ${LOCALES.join(', ')}.`);
  }
  const accent = data['accent'];
  if (
    accent !== undefined &&
    !/^(#[0-9a-f]{3,8}|[a-z]+|(rgb|hsl|oklch)a?\([^;{}]*\))$/i.test(accent)
  ) {
    errors.push(
      `data-accent="${accent}" is not a CSS colour: use e.g. data-accent="#7c3aed" or data-accent="teal".`,
    );
  }
  if (errors.length || !service) return { errors };
  return {
    errors,
    config: {
      options: {
        service,
        ...(domain && { domain }),
        ...(anonymous && { anonymous }),
        ...(subscriptions && { subscriptions }),
      },
      widget: flag(data['widget']),
      ...(support && { support }),
      ...(supportRoom && { supportRoom }),
      ...(data['greeting'] && { greeting: data['greeting'] }),
      prechat,
      ...(data['hours'] && { hours: data['hours'] }),
      ...(accent && { accent }),
      ...(theme && theme !== 'auto' && { theme }),
      ...(locale && { locale }),
      notify,
      open: flag(data['open']),
      ...(credentialsUrl && { credentialsUrl }),
    },
  };
}
