import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { createOrgContext } from '../../platform/tenancy.js';
import { completeCampaigns, completeRunning, sweepCampaigns } from '../campaigns/index.js';
import type { IntegrationsService } from '../integrations/index.js';
import type { TemplateRenderer } from '../templates/index.js';
import type { UnsubscribeLinks } from '../unsubscribe/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { createBatchSender, sleep } from './batch.js';
import { createBatchClaimer } from './claim.js';
import { holdLeases } from './lease.js';
import type { Integration } from './outcomes.js';
import { rateLimiter } from './rate-limit.js';
import { createReconciler } from './reconcile.js';
import { sendingRepo } from './repo.js';
import { senderFor } from './senders.js';

export interface PipelineOptions {
  /** Most messages claimed at once (fewer under a low rate: about half a second's worth). */
  batchSize: number;
  /** Provider calls in flight per dispatcher. */
  concurrency: number;
  /**
   * A claim's lease: a live worker renews it every quarter of it while the send is in flight (a
   * heartbeat), so a claim still `sending` this long after its worker's last heartbeat is a dead
   * worker's, reconciled at the provider before any resend (SEND_LEASE_SECONDS).
   */
  leaseMs: number;
  /** A dispatch job hands over to a fresh one after this long. */
  runBudgetMs: number;
  /** Work due within this long is waited for in the same run instead of a new job. */
  waitMs: number;
  /** Lookups of an ambiguous send that may fail before the message goes to review. */
  lookupAttempts: number;
  retry: RetryPolicy;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  batchSize: 200,
  concurrency: 32,
  leaseMs: 8_000,
  runBudgetMs: 30_000,
  waitMs: 3_000,
  lookupAttempts: 5,
  retry: DEFAULT_RETRY_POLICY,
};

export interface SendPipeline {
  /** Sends what is due for one integration; returns when to run again if work is waiting. */
  dispatch(target: { orgId: string; integrationId: string }): Promise<Date | undefined>;
  /** Starts due scheduled campaigns, completes finished ones; integrations with due work. */
  sweep(): Promise<{ orgId: string; integrationId: string }[]>;
  /** Integrations holding claims whose lease ran out (or ambiguous sends due for a lookup). */
  expiredLeases(): Promise<{ orgId: string; integrationId: string }[]>;
}

export interface PipelineDeps {
  db: Db;
  integrations: Pick<IntegrationsService, 'resolve' | 'recordOutboundMany'>;
  publicUrl: string;
  /** Every email carries its own unsubscribe link (body and `List-Unsubscribe`). */
  unsubscribeLinks: Pick<UnsubscribeLinks, 'url'>;
  /** Send-time renders go through the bounded template pool, never on the event loop. */
  renderer: Pick<TemplateRenderer, 'renderMany'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  options?: Partial<PipelineOptions> | undefined;
}

const RECONCILE_EVERY_MS = 2_000;

/**
 * The sending pipeline. Per integration, a dispatcher claims due messages in batches
 * (`for update skip locked`, so several dispatchers share the work), marks them `sending` with
 * the attempt counted and commits BEFORE any provider call, then sends them with bounded
 * concurrency at the integration's rate and writes the outcomes in one transaction per batch.
 * A message left `sending` (an ambiguous answer, or a worker that died mid-batch) is never sent
 * again blindly: it is looked up at the provider first, or goes to `needs_review`.
 */
export function createSendPipeline(deps: PipelineDeps): SendPipeline {
  const opts = { ...DEFAULT_PIPELINE_OPTIONS, ...deps.options };
  const { db } = deps;
  const limiter = rateLimiter(db);
  const claimBatch = createBatchClaimer({
    db,
    limiter,
    unsubscribeLinks: deps.unsubscribeLinks,
    renderer: deps.renderer,
    options: opts,
    publicUrl: deps.publicUrl,
  });
  const { sendBatch, writeResults } = createBatchSender({
    db,
    integrations: deps.integrations,
    limiter,
    options: opts,
  });
  const reconcile = createReconciler({
    db,
    integrations: deps.integrations,
    logger: deps.logger,
    options: opts,
  });

  const systemContext = (orgId: string) =>
    createOrgContext(db, {
      orgId,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'Sending pipeline' },
      userId: undefined,
      meta: { ip: null, userAgent: null, requestId: 'messaging.dispatch' },
    });

  /** When this integration next has work: the earliest queued or sending message's time. */
  async function nextDue(integration: Integration): Promise<number | undefined> {
    const at = await sendingRepo.earliestDue(db, integration.id);
    if (!at) return undefined;
    const state = await limiter.state(db, integration.id);
    return Math.max(new Date(at).getTime(), state.blockedUntil ?? 0);
  }

  return {
    async dispatch({ orgId, integrationId }) {
      const started = Date.now();
      let integration: Integration;
      try {
        integration = await deps.integrations.resolve(systemContext(orgId), integrationId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') return undefined;
        throw err;
      }
      if (integration.status === 'disabled') return undefined;
      const sender = senderFor(integration, deps.publicUrl);
      const gate = { blockedUntil: 0 };
      // Two batches overlap: the next is claimed (and its rate slots reserved right behind the
      // current ones) while the current one is sending, so the provider never idles between them.
      let inflight: Promise<void> | undefined;
      let reconciledAt = 0;
      const settle = async () => {
        const pending = inflight;
        inflight = undefined;
        await pending;
      };
      try {
        for (;;) {
          if (Date.now() - started > opts.runBudgetMs) {
            await settle();
            return new Date();
          }
          if (gate.blockedUntil > Date.now()) await settle();
          // Stale and ambiguous sends: looked for at the start and every few seconds after.
          if (Date.now() - reconciledAt > RECONCILE_EVERY_MS) {
            reconciledAt = Date.now();
            await reconcile(integration, sender);
          }
          const batch = await claimBatch(integration);
          if (batch && batch.sends) {
            await completeCampaigns(db, batch.finished);
            if (batch.sends.length) {
              const previous = inflight;
              const lease = holdLeases(
                { db, logger: deps.logger },
                {
                  ids: batch.sends.map((s) => s.row.id),
                  until: batch.leaseUntil,
                  leaseMs: opts.leaseMs,
                },
              );
              inflight = (async () => {
                let results;
                try {
                  results = await sendBatch(sender, batch, gate, lease);
                  await previous;
                } finally {
                  // Renewed until the outcomes are written (one short transaction, well within
                  // the lease the last heartbeat left): an ambiguous send's lookup time then holds.
                  await lease.stop();
                }
                await writeResults(integration, sender, batch.sends, results, batch.last);
              })();
              await previous;
            }
            continue;
          }
          await settle();
          await completeRunning(db, integration.id);
          if (await reconcile(integration, sender)) continue;
          reconciledAt = Date.now();
          const due = batch?.blockedUntil ?? (await nextDue(integration));
          if (due === undefined) return undefined;
          if (due - Date.now() > opts.waitMs) return new Date(due);
          await sleep(due - Date.now() + 5);
        }
      } finally {
        await inflight?.catch(() => {});
      }
    },

    async sweep() {
      const woken = new Map<string, { orgId: string; integrationId: string }>();
      for (const { orgId, integrationId } of await sweepCampaigns(db)) {
        woken.set(integrationId, { orgId, integrationId });
      }
      for (const d of await sendingRepo.dueIntegrations(db)) {
        woken.set(d.integrationId, { orgId: d.orgId, integrationId: d.integrationId });
      }
      return [...woken.values()];
    },

    expiredLeases() {
      return sendingRepo.expiredLeaseIntegrations(db);
    },
  };
}

export type { Integration as ResolvedSendIntegration };
