import { describe, expect, it } from 'vitest';
import {
  advance,
  isFinal,
  reportedStatus,
  type MessageStatus,
  type ProviderStatus,
} from './status.js';

const fold = (events: ProviderStatus[], start: MessageStatus = 'sending') =>
  events.reduce(advance, start);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('message status', () => {
  it('never lets a late sent overwrite delivered', () => {
    expect(fold(['delivered', 'sent'])).toBe('delivered');
  });

  it('converges to one state whatever the order and duplication of callbacks', () => {
    const histories: ProviderStatus[][] = [
      ['sent', 'delivered', 'read'],
      ['sent', 'delivered', 'bounced'],
      ['sent', 'failed'],
      ['sent', 'sent', 'delivered', 'delivered'],
    ];
    for (const history of histories) {
      const finals = new Set(permutations(history).map((order) => fold([...order, ...order])));
      expect(finals.size, history.join(',')).toBe(1);
    }
  });

  it('lets an asynchronous bounce after delivery win, and keeps read above delivered', () => {
    expect(fold(['sent', 'delivered', 'bounced'])).toBe('bounced');
    expect(fold(['read', 'delivered'])).toBe('read');
  });

  it('ignores provider reports for messages we never handed to a provider', () => {
    for (const status of ['suppressed', 'skipped', 'cancelled'] as const) {
      expect(advance(status, 'delivered')).toBe(status);
      expect(isFinal(status)).toBe(true);
    }
  });

  it('moves a message in review forward once a provider report proves it was accepted', () => {
    expect(advance('needs_review', 'sent')).toBe('sent');
    expect(fold(['delivered', 'sent'], 'needs_review')).toBe('delivered');
    expect(isFinal('needs_review')).toBe(true);
  });

  it('never changes an inbound message', () => {
    expect(advance('received', 'failed')).toBe('received');
  });

  it('reads opens as read and complaints as proof of delivery', () => {
    expect(reportedStatus('opened')).toBe('read');
    expect(reportedStatus('spam_report')).toBe('delivered');
    expect(reportedStatus('accepted')).toBe('sent');
    expect(reportedStatus('deferred')).toBeUndefined();
  });

  it('treats failures as final and deliveries as still open to a bounce', () => {
    expect(isFinal('failed')).toBe(true);
    expect(isFinal('bounced')).toBe(true);
    expect(isFinal('delivered')).toBe(false);
  });
});
