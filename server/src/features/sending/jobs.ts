import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { defineJob, type JobQueue } from '../../platform/jobs/registry.js';
import type { SendPipeline } from './pipeline.js';

/** How often every worker looks for claims whose lease ran out (a worker died). */
export const LEASE_SWEEP_SECONDS = 2;

export const dispatchPayload = z.object({ orgId: z.uuid(), integrationId: z.uuid() });

/**
 * The sending jobs. One dispatcher job per integration at a time does the sending (claims due
 * messages in batches, sends them with bounded concurrency at the integration's rate); at most
 * one more waits per integration (queue policy `short`), so a burst of wakes is one job. The
 * sweep starts scheduled campaigns and wakes integrations with due retries or stale sends.
 */
export function createSendingJobs(pipeline: SendPipeline, queue: JobQueue) {
  const dispatch = defineJob({
    name: 'messaging.dispatch',
    schema: dispatchPayload,
    retry: { limit: 5, delaySeconds: 5, maxDelaySeconds: 120 },
    policy: 'short',
    workers: 4,
    handler: async (payload) => {
      const next = await pipeline.dispatch(payload);
      if (next) await wake(payload.orgId, payload.integrationId, { startAfter: next });
    },
  });
  const sweep = defineJob({
    name: 'messaging.sweep',
    schema: z.object({}),
    retry: { limit: 3, delaySeconds: 10 },
    cron: '* * * * *',
    handler: async () => {
      for (const due of await pipeline.sweep()) await wake(due.orgId, due.integrationId);
    },
  });
  // A dead worker's claims run out `leaseMs` after its last heartbeat; this finds them within
  // LEASE_SWEEP_SECONDS more in any live worker (the minute sweep alone took up to a minute).
  const leases = defineJob({
    name: 'messaging.expired-leases',
    schema: z.object({}),
    retry: { limit: 0, delaySeconds: 1 },
    everySeconds: LEASE_SWEEP_SECONDS,
    handler: async () => {
      for (const due of await pipeline.expiredLeases()) await wake(due.orgId, due.integrationId);
    },
  });
  function wake(orgId: string, integrationId: string, opts: { tx?: Tx; startAfter?: Date } = {}) {
    return queue.enqueue(
      dispatch,
      { orgId, integrationId },
      {
        // An immediate wake and a delayed one are separate keys: a waiting delayed job must not
        // swallow a wake for work that is due now.
        singletonKey: opts.startAfter ? `${integrationId}:later` : integrationId,
        ...(opts.tx && { tx: opts.tx }),
        ...(opts.startAfter && { startAfter: opts.startAfter }),
      },
    );
  }
  return { dispatch, sweep, leases, wake };
}
