import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client.js';
import type { JobQueue } from '../../platform/jobs/registry.js';
import type { IntegrationsService } from '../integrations/index.js';
import { createCampaignsService } from '../campaigns/index.js';
import { createMessagingJobs } from './jobs.js';
import { createSendPipeline, type PipelineDeps, type PipelineOptions } from './pipeline.js';
import { createSendService } from './send.service.js';

/** The messaging feature's sending half, wired once (services.ts). */
export function createMessaging(deps: {
  db: Db;
  integrations: IntegrationsService;
  queue: JobQueue;
  logger: Logger;
  publicUrl: string;
  unsubscribeLinks: PipelineDeps['unsubscribeLinks'];
  options?: Partial<PipelineOptions>;
}) {
  const pipeline = createSendPipeline(deps);
  const jobs = createMessagingJobs(pipeline, deps.queue);
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

export type Messaging = ReturnType<typeof createMessaging>;
