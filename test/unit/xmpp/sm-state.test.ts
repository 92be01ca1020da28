import type { StreamManagement } from '@xmpp/stream-management';
import { xml } from '@xmpp/xml';
import { describe, expect, it, vi } from 'vitest';
import {
  captureSm,
  checkAckCount,
  parseSmState,
  restoreSm,
  type SmState,
} from '../../../src/xmpp/sm-state.js';

function sm(patch: Partial<StreamManagement> = {}): StreamManagement {
  return { id: '', inbound: 0, outbound: 0, outbound_q: [], ...patch } as StreamManagement;
}

const message = (id: string) =>
  xml('message', { to: 'bob@example.com', id, type: 'chat' }, xml('body', {}, `hi ${id}`));

describe('captureSm / restoreSm: a session resumed on the next page', () => {
  it('keeps id, both counters, the unacknowledged stanzas and the full JID', () => {
    const from = sm({
      id: 'resume-1',
      inbound: 7,
      outbound: 3,
      outbound_q: [{ stanza: message('m4'), stamp: '2026-11-22T04:00:00Z' }],
    });
    const state = captureSm(from, 'alice@example.com/web')!;
    const json = JSON.parse(JSON.stringify(state)) as SmState;

    const to = sm();
    const restored = restoreSm(to, json);
    expect(to).toMatchObject({ id: 'resume-1', inbound: 7, outbound: 3 });
    expect(to.outbound_q).toHaveLength(1);
    expect(to.outbound_q[0]!.stamp).toBe('2026-11-22T04:00:00Z');
    expect(to.outbound_q[0]!.stanza.getChildText('body')).toBe('hi m4');
    expect(restored.map((s) => s.attrs.id)).toEqual(['m4']);
    expect(json.jid).toBe('alice@example.com/web');
  });

  it('has nothing to keep without a resumable session or a bound resource', () => {
    expect(captureSm(sm(), 'alice@example.com/web')).toBeNull();
    expect(captureSm(sm({ id: 'x' }), 'alice@example.com')).toBeNull();
    expect(captureSm(sm({ id: 'x' }), undefined)).toBeNull();
  });

  it('drops a saved stanza it cannot read and keeps the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const to = sm();
    restoreSm(to, {
      id: 'r',
      inbound: 0,
      outbound: 0,
      jid: 'a@b/c',
      saved: 0,
      queue: [
        { stanza: '<message id="ok"/>', stamp: 's' },
        { stanza: '<message', stamp: 's' },
      ],
    });
    expect(to.outbound_q.map((q) => q.stanza.attrs.id)).toEqual(['ok']);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('parseSmState: what another page wrote', () => {
  const good: SmState = {
    id: 'r',
    inbound: 1,
    outbound: 2,
    queue: [{ stanza: '<iq/>', stamp: 't' }],
    jid: 'a@b/c',
    saved: 5,
  };

  it('reads a state it wrote', () => {
    expect(parseSmState(JSON.stringify(good))).toEqual(good);
  });

  it.each([
    ['nothing', null],
    ['not JSON', '{'],
    ['no id', JSON.stringify({ ...good, id: '' })],
    ['a counter that is not a whole number', JSON.stringify({ ...good, inbound: 1.5 })],
    ['a queue of something else', JSON.stringify({ ...good, queue: [{ stanza: 1 }] })],
    ['no JID', JSON.stringify({ ...good, jid: undefined })],
  ])('refuses %s', (_, text) => {
    expect(parseSmState(text)).toBeNull();
  });
});

describe('checkAckCount: the h a server reports', () => {
  const sent = sm({
    outbound: 5,
    outbound_q: [
      { stanza: message('a'), stamp: '' },
      { stanza: message('b'), stamp: '' },
    ],
  });

  it('passes an h within what was sent', () => {
    expect(checkAckCount(5, sent)).toBe(5);
    expect(checkAckCount(7, sent)).toBe(7);
  });

  it('lowers an h above what was sent (xmpp.js would throw half-way), and says so', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(checkAckCount(9, sent)).toBe(7);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('treats a missing or backwards h as nothing new', () => {
    expect(checkAckCount(Number.NaN, sent)).toBe(5);
    expect(checkAckCount(2, sent)).toBe(5);
  });
});
