/** Sending a claimed batch at its rate slots, and writing what the provider answered. */
import type { Db } from '../../db/client.js';
import type { Outcome, SendResult } from '../../providers/types.js';
import { completeCampaigns } from '../campaigns/index.js';
import type { IntegrationsService } from '../integrations/index.js';
import {
  insertEvents,
  toUpdate,
  updateMessages,
  type EventInput,
  type MessageUpdate,
} from '../message-log/index.js';
import type { Prepared } from './claim.js';
import type { LeaseHold } from './lease.js';
import { event, retryOrFail, type Integration } from './outcomes.js';
import type { PipelineOptions } from './pipeline.js';
import type { rateLimiter } from './rate-limit.js';
import { FAILURE_REASONS, type ProviderSender } from './senders.js';

/** `lost`: the lease lapsed before the call, so it was not made and the row is not ours to write. */
type SendOutcome = Outcome<SendResult> | { deferred: true } | { lost: true };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export function createBatchSender(deps: {
  db: Db;
  integrations: Pick<IntegrationsService, 'recordOutboundMany'>;
  limiter: Pick<ReturnType<typeof rateLimiter>, 'block'>;
  options: Pick<PipelineOptions, 'concurrency' | 'retry'>;
}) {
  const { db, limiter, options: opts } = deps;

  /** Sends a claimed batch: each at its slot, bounded concurrency, stopping at a 429. */
  async function sendBatch(
    sender: ProviderSender,
    batch: { sends: Prepared[]; startAt: number; intervalMs: number },
    gate: { blockedUntil: number },
    lease: Pick<LeaseHold, 'held'>,
  ): Promise<SendOutcome[]> {
    const results: SendOutcome[] = new Array(batch.sends.length);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= batch.sends.length) return;
        const slot = batch.startAt + i * batch.intervalMs;
        if (slot > Date.now()) await sleep(slot - Date.now());
        if (Date.now() < gate.blockedUntil) {
          results[i] = { deferred: true };
          continue;
        }
        // Checked last, right before the call: a claim whose lease lapsed may be reconciled (and
        // resent) by another worker, so this one never calls the provider for it.
        if (!lease.held(batch.sends[i]!.row.id)) {
          results[i] = { lost: true };
          continue;
        }
        const outcome = await sender.send(batch.sends[i]!.message);
        if (!outcome.ok && outcome.error.kind === 'rate_limited') {
          gate.blockedUntil = Math.max(
            gate.blockedUntil,
            Date.now() + (outcome.error.retryAfterSeconds ?? 1) * 1000,
          );
        }
        results[i] = outcome;
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(opts.concurrency, batch.sends.length) }, worker),
    );
    return results;
  }

  /** The outcomes of a batch, in one transaction. */
  async function writeResults(
    integration: Integration,
    sender: ProviderSender,
    sends: Prepared[],
    results: SendOutcome[],
    last: boolean,
  ) {
    const updates: MessageUpdate[] = [];
    const events: EventInput[] = [];
    const calls: Parameters<IntegrationsService['recordOutboundMany']>[2] = [];
    let blockedUntil: number | undefined;
    sends.forEach(({ row }, i) => {
      const result = results[i]!;
      if ('lost' in result) return;
      if ('deferred' in result) {
        updates.push({
          ...toUpdate(row),
          status: 'queued',
          attempts: row.attempts - 1,
          nextAttemptAt: new Date(blockedUntil ?? Date.now() + 1000),
        });
        events.push(event(row, 'attempt', 'queued', { outcome: 'deferred' }));
        return;
      }
      calls.push({ kind: 'send', outcome: result, channel: row.channel, messageId: row.id });
      if (result.ok) {
        updates.push({
          ...toUpdate(row),
          status: 'sent',
          reasonCode: null,
          reason: null,
          providerMessageId: result.value.providerMessageId,
          providerErrorCode: null,
          nextAttemptAt: null,
          sentAt: new Date(),
        });
        events.push(
          event(row, 'status', 'sent', {
            providerMessageId: result.value.providerMessageId,
            latencyMs: result.latencyMs,
          }),
        );
        return;
      }
      const failure = result.error;
      const detail = {
        outcome: failure.kind,
        class: failure.class,
        ...(failure.status && { httpStatus: failure.status }),
        ...(failure.providerCode && { providerCode: failure.providerCode }),
      };
      if (failure.kind === 'rate_limited') {
        const until = Date.now() + (failure.retryAfterSeconds ?? 1) * 1000;
        blockedUntil = Math.max(blockedUntil ?? 0, until);
        updates.push({
          ...toUpdate(row),
          status: 'queued',
          attempts: row.attempts - 1,
          reasonCode: 'rate_limited',
          reason: 'The provider asked to slow down; sending again after its Retry-After.',
          nextAttemptAt: new Date(until),
        });
        events.push(
          event(row, 'attempt', 'queued', {
            ...detail,
            retryAfterSeconds: failure.retryAfterSeconds,
          }),
        );
      } else if (failure.kind === 'ambiguous') {
        updates.push({
          ...toUpdate(row),
          status: 'sending',
          reasonCode: 'unconfirmed',
          reason:
            'The provider may have accepted this message; checking with it before any resend.',
          providerErrorCode: failure.providerCode ?? null,
          nextAttemptAt: new Date(Date.now() + sender.lookupLagMs),
        });
        events.push(event(row, 'attempt', 'sending', detail));
      } else if (failure.kind === 'permanent') {
        updates.push({
          ...toUpdate(row),
          status: 'failed',
          reasonCode: failure.class,
          reason: FAILURE_REASONS[failure.class] ?? 'The provider refused the message.',
          providerErrorCode: failure.providerCode ?? null,
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'failed', detail));
      } else {
        const update = retryOrFail(row, row.attempts, failure, { policy: opts.retry });
        updates.push(update);
        events.push(
          event(row, update.status === 'failed' ? 'status' : 'attempt', update.status, detail),
        );
      }
    });
    await db.transaction(async (tx) => {
      await updateMessages(tx, updates);
      await insertEvents(tx, events);
      await deps.integrations.recordOutboundMany(tx, integration, calls);
      if (blockedUntil) await limiter.block(tx, integration, new Date(blockedUntil));
    });
    // A full batch is followed by another claim: completion is checked after the short one (or
    // when a claim finds nothing).
    if (last || results.some((r) => !('ok' in r) || !r.ok)) {
      await completeCampaigns(
        db,
        sends.map((s) => s.row),
      );
    }
  }

  return { sendBatch, writeResults };
}
