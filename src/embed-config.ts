// Reads and checks the script tag's data-* attributes. Pure: no DOM, no network.
import type { ConnectOptions, SubscriptionPolicy } from './api.js';

/** What the script tag asked for, after validation. */
export interface EmbedConfig {
  options: Partial<ConnectOptions> & { service: string };
  widget: boolean;
  support?: string;
}

const POLICIES: readonly SubscriptionPolicy[] = ['accept', 'reject', 'ask'];

/**
 * Reads and validates the script tag's `data-*` attributes. Returns the
 * config, or the list of problems, each naming the attribute and the fix.
 */
export function readConfig(
  data: DOMStringMap,
  base: string,
): { config?: EmbedConfig; errors: string[] } {
  const errors: string[] = [];
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
  const anonymous = data['anonymous'] !== undefined && data['anonymous'] !== 'false';
  if (anonymous && !domain) {
    errors.push('data-anonymous needs data-domain: the host that allows anonymous logins.');
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
      widget: data['widget'] !== undefined && data['widget'] !== 'false',
      ...(support && { support }),
    },
  };
}
