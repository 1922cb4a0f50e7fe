import type { EventType } from '../../providers/types.js';

/**
 * The life of one outbound message, as a total order.
 *
 * Provider callbacks arrive late, twice and out of order. Each one can only move a message
 * forward in this order, so the final status depends on the set of events a message received,
 * never on the order they arrived in: a late `sent` never overwrites `delivered`, and replaying
 * every callback leaves the same state.
 *
 * Pre-send outcomes (`suppressed`, `skipped`, `cancelled`) are decided by us, not by a provider,
 * and are terminal: no callback can exist for a message that was never accepted. `needs_review`
 * (a send whose outcome we could not reconcile) is the exception: a provider report about it
 * proves the provider accepted it, so the report moves it forward like any sent message.
 *
 * Inbound messages are `received` and never change.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'bounced',
  'suppressed',
  'skipped',
  'needs_review',
  'cancelled',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses a provider can report after it accepted the message. */
export type ProviderStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'bounced';

/**
 * Higher wins. A failure after delivery (an asynchronous bounce) outranks the delivery, a bounce
 * is more specific than a failure, and `read` implies `delivered`.
 */
const RANK: Record<ProviderStatus | 'queued' | 'sending', number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
  bounced: 6,
};

const DECIDED_BEFORE_SEND = new Set<MessageStatus>([
  'suppressed',
  'skipped',
  'needs_review',
  'cancelled',
]);

/** The status after a provider reports `reported`; unchanged when the report is stale. */
export function advance(current: MessageStatus, reported: ProviderStatus): MessageStatus {
  if (current === 'needs_review') return reported;
  if (DECIDED_BEFORE_SEND.has(current) || current === 'received') return current;
  const rank = RANK[current as keyof typeof RANK];
  return RANK[reported] > rank ? reported : current;
}

/**
 * The status a normalized provider event reports, if any. Opens and clicks prove the email was
 * read; spam reports and unsubscribes prove it was delivered. `deferred` (the provider will try
 * again) and `inbound` report nothing about an outbound message's status.
 */
export function reportedStatus(type: EventType): ProviderStatus | undefined {
  switch (type) {
    case 'accepted':
      return 'sent';
    case 'delivered':
    case 'spam_report':
    case 'unsubscribed':
      return 'delivered';
    case 'read':
    case 'opened':
    case 'clicked':
      return 'read';
    case 'failed':
      return 'failed';
    case 'bounced':
      return 'bounced';
    case 'deferred':
    case 'inbound':
      return undefined;
  }
}

/** Whether the message reached a state no provider report or retry will change. */
export function isFinal(status: MessageStatus): boolean {
  return DECIDED_BEFORE_SEND.has(status) || status === 'failed' || status === 'bounced';
}
