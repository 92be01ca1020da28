import { describe, expect, it } from 'vitest';
import { firstMessage, transcript } from '../../../src/components/widget/support.js';
import type { Message } from '../../../src/store/types.js';

const labels = { name: 'Name', email: 'E-mail', sentFrom: 'Sent from' };

describe('the support visitor’s first message', () => {
  it('carries the question, the details and the page address', () => {
    expect(
      firstMessage(
        'My order is late ',
        { name: 'Ada', email: 'ada@example.org' },
        'https://shop.example/orders?id=7',
        labels,
      ),
    ).toBe(
      'My order is late\n\nName: Ada\nE-mail: ada@example.org\nSent from: https://shop.example/orders?id=7',
    );
  });

  it('carries only the page address when there was no form', () => {
    expect(firstMessage('Hello', {}, 'https://shop.example/', labels)).toBe(
      'Hello\n\nSent from: https://shop.example/',
    );
  });
});

describe('the transcript', () => {
  const message = (direction: 'in' | 'out', body: string, time: number): Message => ({
    id: `${time}`,
    peer: 'help@example.com',
    direction,
    body,
    type: 'chat',
    time,
  });

  it('lists both sides in order with times, indenting continuation lines', () => {
    const text = transcript(
      [message('out', 'Hi\nsecond line', 1000), message('in', 'Hello!', 2000)],
      { you: 'You', them: 'Support' },
      'Chat: Support',
      (time) => `t${time}`,
    );
    expect(text).toBe(
      'Chat: Support\n\n[t1000] You: Hi\n    second line\n[t2000] Support: Hello!\n',
    );
  });
});
