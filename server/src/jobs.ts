import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { idempotencyKeys } from './db/schema/index.js';
import { defineJob, type JobDefinition } from './platform/jobs/registry.js';
import type { Services } from './services.js';
import { processCallbacksJob } from './features/webhooks/jobs.js';

/** Every background job, built from the services they drive. */
export function createJobDefinitions(services: Services): JobDefinition[] {
  return [
    processCallbacksJob(services),
    services.contactImports.job,
    services.messaging.jobs.dispatch,
    services.messaging.jobs.sweep,
    defineJob({
      name: 'invitations.expire',
      schema: z.object({}),
      retry: { limit: 3, delaySeconds: 30 },
      cron: '*/15 * * * *',
      handler: async () => {
        await services.invitations.expireDue();
      },
    }),
    defineJob({
      name: 'maintenance.purge-expired',
      schema: z.object({}),
      retry: { limit: 3, delaySeconds: 60 },
      cron: '7 * * * *',
      handler: async () => {
        await services.sessions.purgeExpired();
        await services.db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, new Date()));
      },
    }),
  ];
}
