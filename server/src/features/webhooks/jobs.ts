import { z } from 'zod';
import { defineJob, type JobDefinition, type JobQueue } from '../../platform/jobs/registry.js';
import type { WebhooksService } from './service.js';

/** A deferred event due within this is picked up by a follow-up job, not the minute sweep. */
const FOLLOW_UP_WITHIN_MS = 60_000;

/**
 * Processing of stored callbacks. Enqueued (debounced) after callbacks are stored, and run every
 * minute as a sweep, so an event stored just before a crash is still processed. The status and
 * inbound handling itself is the processors the webhooks service is built with.
 * Events a processor deferred (a status that arrived before its message's send result) get a
 * follow-up run when they are due, so they wait seconds, not until the next sweep.
 */
export const processCallbacksJob = (deps: {
  webhooks: Pick<WebhooksService, 'processPending' | 'nextDeferredAt'>;
  queue: JobQueue;
}): JobDefinition => {
  const job: JobDefinition = defineJob({
    name: 'webhooks.process',
    schema: z.object({}),
    retry: { limit: 10, delaySeconds: 5, maxDelaySeconds: 300 },
    cron: '* * * * *',
    handler: async () => {
      await deps.webhooks.processPending();
      const due = await deps.webhooks.nextDeferredAt();
      if (due && due.getTime() - Date.now() < FOLLOW_UP_WITHIN_MS) {
        // One follow-up per second of due time, however many runs see the same deferred event.
        const at = Math.ceil(due.getTime() / 1000) * 1000;
        await deps.queue.enqueue(
          job,
          {},
          { startAfter: new Date(at), singletonKey: `deferred:${at}` },
        );
      }
    },
  });
  return job;
};
