// A bare XMPP stream over WebSocket (RFC 7395), below any client library: to see exactly what
// the server offers in <stream:features>, register in-band before authentication, and write
// SASL2 (XEP-0388) and FAST (XEP-0484) exchanges by hand.
//
//   const stream = await openStream(server.service, 'localhost', 'alice@localhost');
//   stream.features.getChild('authentication', SASL2);
//   stream.send(authenticate({ mechanism: 'PLAIN', response: plainResponse('alice', 'pw') }));
//   const reply = await stream.next(/<success|<failure/);

import { createHmac } from 'node:crypto';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import parse from '@xmpp/xml/lib/parse.js';

// Node 20 has no global WebSocket (see node-websocket.mjs).
import '../../demo/server/node-websocket.mjs';

export const SASL2 = 'urn:xmpp:sasl:2';
export const FAST = 'urn:xmpp:fast:0';
export const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

export interface RawStream {
  /** The first <stream:features/>, parsed. */
  features: Element;
  /** The same, as the server sent it. */
  featuresText: string;
  send(text: string): void;
  /** The next frame (after the last one returned) matching `match`. */
  next(match: RegExp, timeout?: number): Promise<string>;
  close(): void;
}

/** Opens a WebSocket and a stream to `domain` (`from` on the <open/> if given); waits for features. */
export async function openStream(
  service: string,
  domain: string,
  from?: string,
): Promise<RawStream> {
  const ws = new WebSocket(service, ['xmpp']);
  const frames: string[] = [];
  let seen = 0;
  const waiting = new Set<() => void>();
  ws.addEventListener('message', (event) => {
    frames.push(String(event.data));
    for (const wake of waiting) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('websocket error')));
  });
  const next = (match: RegExp, timeout = 5000) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        for (let i = seen; i < frames.length; i++) {
          if (!match.test(frames[i]!)) continue;
          seen = i + 1;
          done();
          resolve(frames[i]!);
          return;
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${match} within ${timeout} ms in:\n${frames.join('\n')}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        waiting.delete(look);
      };
      waiting.add(look);
      look();
    });
  const attrs = [`to="${domain}"`, from ? `from="${from}"` : '', 'version="1.0"'];
  ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" ${attrs.join(' ')}/>`);
  const featuresText = await next(/<stream:features|<features/);
  return {
    features: parse(featuresText),
    featuresText,
    send: (text) => ws.send(text),
    next,
    close: () => ws.close(),
  };
}

/** In-band registration (XEP-0077) before authentication; resolves with the IQ reply. */
export async function register(
  service: string,
  domain: string,
  username: string,
  password: string,
): Promise<string> {
  const stream = await openStream(service, domain);
  try {
    stream.send(
      xml(
        'iq',
        { type: 'set', id: 'reg1', xmlns: 'jabber:client' },
        xml(
          'query',
          { xmlns: 'jabber:iq:register' },
          xml('username', {}, username),
          xml('password', {}, password),
        ),
      ).toString(),
    );
    return await stream.next(/id=['"]reg1['"]/);
  } finally {
    stream.close();
  }
}

/** SASL PLAIN's message (RFC 4616). */
export const plainResponse = (user: string, password: string) =>
  Buffer.from(`\0${user}\0${password}`, 'utf8');

/** HT-SHA-256-NONE's initiator message: user, NUL, HMAC-SHA-256(token, "Initiator"). */
export const htSha256NoneResponse = (user: string, token: string) =>
  Buffer.concat([
    Buffer.from(`${user}\0`, 'utf8'),
    createHmac('sha256', token).update('Initiator').digest(),
  ]);

/** A SASL2 <authenticate/> with an initial response, a <user-agent id/> and more children. */
export function authenticate({
  mechanism,
  response,
  userAgent,
  children = [],
}: {
  mechanism: string;
  response: Buffer;
  userAgent?: string;
  children?: Element[];
}): string {
  return xml(
    'authenticate',
    { xmlns: SASL2, mechanism },
    xml('initial-response', {}, response.toString('base64')),
    userAgent ? xml('user-agent', { id: userAgent }) : null,
    ...children,
  ).toString();
}

/**
 * One SASL2 exchange on a new stream (one round trip: PLAIN or HT-*), then the socket is closed.
 * Resolves with the features and the server's <success/> or <failure/>, parsed.
 */
export async function sasl2Exchange(
  service: string,
  { domain, from, message }: { domain: string; from?: string; message: string },
): Promise<{ features: Element; reply: Element }> {
  const stream = await openStream(service, domain, from);
  try {
    stream.send(message);
    const reply = await stream.next(/<success|<failure/);
    return { features: stream.features, reply: parse(reply) };
  } finally {
    stream.close();
  }
}
