/** What every stage of the sending pipeline writes about a message: its events, its next try. */
import type { IntegrationsService } from '../integrations/index.js';
import {
  toUpdate,
  type EventInput,
  type MessageRow,
  type MessageUpdate,
} from '../message-log/index.js';
import { retryDelayMs, type RetryPolicy } from './backoff.js';
import { FAILURE_REASONS } from './senders.js';

export type Integration = Awaited<ReturnType<IntegrationsService['resolve']>>;

export const event = (
  row: MessageRow,
  kind: EventInput['kind'],
  status: EventInput['status'],
  detail: Record<string, unknown> = {},
): EventInput => ({
  orgId: row.orgId,
  messageId: row.id,
  kind,
  status,
  source: 'pipeline',
  detail,
});

/** After a failed attempt: back to the queue with backoff, or failed when out of attempts. */
export function retryOrFail(
  row: MessageRow,
  attempts: number,
  failure: { class: string; providerCode?: string | undefined },
  backoff: { policy: RetryPolicy; retryAfterMs?: number },
): MessageUpdate {
  const delay = retryDelayMs(attempts, backoff);
  const base = { ...toUpdate(row), attempts, providerErrorCode: failure.providerCode ?? null };
  if (delay === null) {
    return {
      ...base,
      status: 'failed',
      reasonCode: 'retries_exhausted',
      reason: `${FAILURE_REASONS[failure.class] ?? 'Sending failed.'} Gave up after ${attempts} attempts.`,
      nextAttemptAt: null,
    };
  }
  return {
    ...base,
    status: 'queued',
    reasonCode: `retry_${failure.class}`,
    reason: FAILURE_REASONS[failure.class] ?? null,
    nextAttemptAt: new Date(Date.now() + delay),
  };
}
