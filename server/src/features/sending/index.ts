import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client.js';
import type { JobQueue } from '../../platform/jobs/registry.js';
import { createCampaignsService } from '../campaigns/index.js';
import type { IntegrationsService } from '../integrations/index.js';
import { createSendingJobs } from './jobs.js';
import { createSendPipeline, type PipelineDeps, type PipelineOptions } from './pipeline.js';
import { createSendService } from './service.js';

export { createSendPipeline, type PipelineOptions, type SendPipeline } from './pipeline.js';
export { registerSendRoutes } from './routes.js';
export type { SendService } from './service.js';

/** Sending, wired once (services.ts): the pipeline, its jobs, the one-off send and campaigns. */
export function createSending(deps: {
  db: Db;
  integrations: IntegrationsService;
  queue: JobQueue;
  logger: Logger;
  publicUrl: string;
  unsubscribeLinks: PipelineDeps['unsubscribeLinks'];
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
    }),
    campaigns: createCampaignsService({ integrations: deps.integrations, wake }),
  };
}

export type Sending = ReturnType<typeof createSending>;
