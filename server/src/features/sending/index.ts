import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client.js';
import type { Idempotent } from '../../platform/idempotency.js';
import type { JobQueue } from '../../platform/jobs/registry.js';
import { defineModule } from '../../platform/module.js';
import { subscription } from '../../platform/events/outbox.js';
import { completeInTransaction, createCampaignsService } from '../campaigns/index.js';
import { integrationDeleted, type IntegrationsService } from '../integrations/index.js';
import { insertEvents } from '../message-log/index.js';
import { sendingRepo } from './repo.js';
import { createSendingJobs } from './jobs.js';
import { createSendPipeline, type PipelineDeps, type PipelineOptions } from './pipeline.js';
import { registerSendRoutes } from './routes.js';
import { createSendService, type SendDeps } from './service.js';

export { createSendPipeline, type PipelineOptions, type SendPipeline } from './pipeline.js';
export type { SendService } from './service.js';

/** Sending, wired once (services.ts): the pipeline, its jobs, the one-off send and campaigns. */
export function createSending(deps: {
  db: Db;
  integrations: IntegrationsService;
  queue: JobQueue;
  logger: Logger;
  publicUrl: string;
  unsubscribeLinks: PipelineDeps['unsubscribeLinks'];
  renderer: PipelineDeps['renderer'] & SendDeps['renderer'];
  options?: Partial<PipelineOptions>;
}) {
  const pipeline = createSendPipeline(deps);
  const jobs = createSendingJobs(pipeline, deps.queue);
  const wake = async (tx: Tx, orgId: string, integrationId: string) => {
    await jobs.wake(orgId, integrationId, { tx });
  };
  return {
    pipeline,
    jobs,
    send: createSendService({
      integrations: deps.integrations,
      wake,
      unsubscribeLinks: deps.unsubscribeLinks,
      renderer: deps.renderer,
      publicUrl: deps.publicUrl,
    }),
    campaigns: createCampaignsService({ integrations: deps.integrations, wake }),
  };
}

export type Sending = ReturnType<typeof createSending>;

/** The one-off send API and the sending jobs: a dispatcher per integration, the minute sweep. */
export const createSendingModule = (deps: {
  db: Db;
  sending: Pick<Sending, 'send' | 'jobs'>;
  idempotent: Idempotent;
}) =>
  defineModule({
    name: 'sending',
    routes: {
      org: (app) =>
        registerSendRoutes(app, {
          db: deps.db,
          send: deps.sending.send,
          idempotent: deps.idempotent,
        }),
    },
    jobs: [deps.sending.jobs.dispatch, deps.sending.jobs.sweep, deps.sending.jobs.leases],
    subscriptions: [
      // Nothing can send a deleted integration's queue: its messages fail with our reason (and
      // a campaign with nothing else left completes) instead of waiting forever. Idempotent: a
      // second delivery finds nothing queued.
      subscription(integrationDeleted, 'fail-queued-messages', async (event, tx) => {
        if (!event.orgId) return;
        const failed = await sendingRepo.failQueuedOf(tx, event.orgId, event.payload.integrationId);
        await insertEvents(
          tx,
          failed.map((m) => ({
            orgId: m.orgId,
            messageId: m.id,
            kind: 'status' as const,
            status: 'failed' as const,
            source: 'pipeline' as const,
            detail: { reasonCode: 'integration_deleted' },
          })),
        );
        const campaignIds = [
          ...new Set(failed.flatMap((m) => (m.campaignId ? [m.campaignId] : []))),
        ];
        if (campaignIds.length) await completeInTransaction(tx, campaignIds);
      }),
    ],
  });
