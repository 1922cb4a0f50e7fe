/** Ambiguous and stale sends: asked at the provider before any resend, or sent to review. */
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { completeCampaigns } from '../campaigns/index.js';
import type { IntegrationsService } from '../integrations/index.js';
import {
  insertEvents,
  toUpdate,
  updateMessages,
  type EventInput,
  type MessageRow,
  type MessageUpdate,
} from '../message-log/index.js';
import { retryDelayMs } from './backoff.js';
import { holdLeases } from './lease.js';
import { event, retryOrFail, type Integration } from './outcomes.js';
import type { PipelineOptions } from './pipeline.js';
import { sendingRepo } from './repo.js';
import type { OutboundMessage, ProviderSender } from './senders.js';

/** Provider lookups at once per reconciliation (up to 50 rows; each a provider round trip). */
const LOOKUP_CONCURRENCY = 8;

export function createReconciler(deps: {
  db: Db;
  integrations: Pick<IntegrationsService, 'recordOutboundMany'>;
  logger: Pick<Logger, 'warn'>;
  options: Pick<PipelineOptions, 'leaseMs' | 'lookupAttempts' | 'retry'>;
}) {
  const { db, options: opts } = deps;

  /**
   * Messages left `sending` past their lease or lookup time: an ambiguous answer or a crashed
   * worker. Asked at the provider by our reference; never re-sent without an answer.
   */
  async function reconcile(integration: Integration, sender: ProviderSender) {
    const stale = await sendingRepo.leaseStale(db, integration.id, opts.leaseMs);
    if (!stale.length) return 0;
    const updates: MessageUpdate[] = [];
    const events: EventInput[] = [];
    const calls: Parameters<IntegrationsService['recordOutboundMany']>[2] = [];
    const claimed = sender.lookup
      ? await sendingRepo.claimedAt(db, stale)
      : new Map<string, Date>();
    // Held like a sender's claims while the provider is asked (a slow lookup is not a dead
    // reconciler); a row whose lease lapsed meanwhile may be another worker's: left to it.
    const hold = holdLeases(
      { db, logger: deps.logger },
      {
        ids: stale.map((r) => r.id),
        until: Math.min(...stale.map((r) => r.nextAttemptAt?.getTime() ?? 0)),
        leaseMs: opts.leaseMs,
      },
    );
    const settle = async (row: MessageRow) => {
      // `unconfirmed`: the provider's answer was lost (and its lookup lag waited out). Otherwise
      // the worker holding the claim stopped renewing its lease: it died or lost the database.
      const ambiguous = row.reasonCode === 'unconfirmed';
      if (!sender.lookup) {
        updates.push({
          ...toUpdate(row),
          status: 'needs_review',
          reasonCode: 'unconfirmed',
          reason:
            'The provider may or may not have accepted this message and offers no way to check. ' +
            'Look at the conversation, then resend, mark it sent, or cancel it.',
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'needs_review', { reconcile: 'no_lookup' }));
        return;
      }
      const message: OutboundMessage = {
        id: row.id,
        channel: row.channel,
        address: row.address ?? '',
        content: row.content ?? {},
        // From the claim of this attempt (a margin before it): a later write (a failed lookup)
        // moves `updated_at`, never when the attempt started.
        attemptStartedAt: new Date(
          Math.min(claimed.get(row.id)?.getTime() ?? Infinity, row.updatedAt.getTime()) -
            opts.leaseMs,
        ),
      };
      const result = await sender.lookup(message);
      calls.push({
        kind: 'status_fetch',
        outcome: result,
        channel: row.channel,
        messageId: row.id,
      });
      // A match that is already another message of ours (the same text sent twice) says nothing
      // about this one.
      const taken =
        result.ok && result.value.found
          ? await sendingRepo.holdersOfProviderId(
              db,
              integration.id,
              result.value.providerMessageId,
            )
          : [];
      if (taken.length) {
        updates.push({
          ...toUpdate(row),
          status: 'needs_review',
          reasonCode: 'unconfirmed',
          reason:
            'The provider shows a message like this one that Switchboard cannot tell apart from ' +
            'another. Check at the provider, then resend, mark it sent, or cancel it.',
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'needs_review', { reconcile: 'ambiguous_match' }));
      } else if (result.ok && result.value.found) {
        updates.push({
          ...toUpdate(row),
          status: 'sent',
          reasonCode: null,
          reason: null,
          providerMessageId: result.value.providerMessageId,
          nextAttemptAt: null,
          sentAt: row.sentAt ?? new Date(),
        });
        events.push(
          event(row, 'status', 'sent', {
            reconcile: 'found',
            providerMessageId: result.value.providerMessageId,
          }),
        );
      } else if (result.ok && !ambiguous && sender.lookupLagMs > 0) {
        // A dead worker may have sent it just before it stopped, and this provider's lookup lags
        // behind its sends: not found yet proves nothing. Asked again once the lag has passed.
        updates.push({
          ...toUpdate(row),
          reasonCode: 'unconfirmed',
          reason:
            'The worker sending this message stopped; checking with the provider before any resend.',
          nextAttemptAt: new Date(Date.now() + sender.lookupLagMs),
        });
        events.push(event(row, 'attempt', 'sending', { reconcile: 'not_found_yet' }));
      } else if (result.ok) {
        // The provider has no such message: the attempt did not go out, sending again is safe.
        const update = retryOrFail(
          row,
          row.attempts,
          { class: 'unavailable' },
          { policy: opts.retry },
        );
        // A dead worker's claim that never reached the provider: no provider failure to back off
        // from, so it goes out again now, ahead of the queue it was claimed from (it was due
        // first), still counted, so a claim that keeps dying gives up.
        if (!ambiguous && update.status === 'queued') {
          update.nextAttemptAt = new Date(Math.min(row.createdAt.getTime(), Date.now()));
        }
        updates.push(update);
        events.push(event(row, 'attempt', update.status, { reconcile: 'not_found' }));
      } else {
        const n = await sendingRepo.failedLookups(db, row.id);
        if (n + 1 >= opts.lookupAttempts || result.error.kind === 'permanent') {
          updates.push({
            ...toUpdate(row),
            status: 'needs_review',
            reasonCode: 'unconfirmed',
            reason:
              'Switchboard could not find out from the provider whether this message went out. ' +
              'Check at the provider, then resend, mark it sent, or cancel it.',
            nextAttemptAt: null,
          });
          events.push(event(row, 'status', 'needs_review', { reconcile: 'lookup_failed' }));
        } else {
          const delay = retryDelayMs(n + 1, { policy: opts.retry }) ?? opts.leaseMs;
          updates.push({ ...toUpdate(row), nextAttemptAt: new Date(Date.now() + delay) });
          events.push(
            event(row, 'attempt', 'sending', {
              reconcile: 'lookup_failed',
              class: result.error.class,
            }),
          );
        }
      }
    };
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: Math.min(LOOKUP_CONCURRENCY, stale.length) }, async () => {
          while (next < stale.length) await settle(stale[next++]!);
        }),
      );
    } finally {
      await hold.stop();
    }
    const held = new Set(stale.filter((r) => hold.held(r.id)).map((r) => r.id));
    const kept = {
      updates: updates.filter((u) => held.has(u.id)),
      events: events.filter((e) => held.has(e.messageId)),
    };
    await db.transaction(async (tx) => {
      await updateMessages(tx, kept.updates);
      await insertEvents(tx, kept.events);
      await deps.integrations.recordOutboundMany(tx, integration, calls);
    });
    await completeCampaigns(db, stale);
    return stale.length;
  }

  return reconcile;
}
