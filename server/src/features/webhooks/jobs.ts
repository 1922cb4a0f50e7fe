import { z } from 'zod';
import { defineJob } from '../../platform/jobs/registry.js';
import type { WebhooksService } from './service.js';

/**
 * Processing of stored callbacks. Enqueued (debounced) after callbacks are stored, and run every
 * minute as a sweep, so an event stored just before a crash is still processed. The status and
 * inbound handling itself is registered by the messaging feature (`webhooks.onCallbackEvents`);
 * until then this only marks events processed.
 */
export const processCallbacksJob = (services: { webhooks: WebhooksService }) =>
  defineJob({
    name: 'webhooks.process',
    schema: z.object({}),
    retry: { limit: 10, delaySeconds: 5, maxDelaySeconds: 300 },
    cron: '* * * * *',
    handler: async () => {
      await services.webhooks.processPending();
    },
  });
