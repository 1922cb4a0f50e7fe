import { describe, expect, it, vi } from 'vitest';
import type { JobQueue } from '../../platform/jobs/registry.js';
import { processCallbacksJob } from './jobs.js';
import type { WebhooksService } from './service.js';

function setup(nextDeferredAt: Date | null) {
  const webhooks = {
    processPending: vi.fn(async () => 3),
    nextDeferredAt: vi.fn(async () => nextDeferredAt),
  } as unknown as WebhooksService;
  const enqueue = vi.fn<JobQueue['enqueue']>(async () => 'job-id');
  const job = processCallbacksJob({ webhooks, queue: { enqueue } });
  return { job, webhooks, enqueue };
}

describe('webhooks.process job', () => {
  it('schedules a follow-up run for when a deferred event is due', async () => {
    const due = new Date(Date.now() + 5_000);
    const { job, enqueue, webhooks } = setup(due);
    await job.handler({}, { id: 'j', retryCount: 0 });
    expect(webhooks.processPending).toHaveBeenCalledOnce();
    expect(enqueue).toHaveBeenCalledOnce();
    const [queued, , opts] = enqueue.mock.calls[0]!;
    expect(queued.name).toBe('webhooks.process');
    const startAfter = (opts!.startAfter as Date).getTime();
    expect(startAfter).toBeGreaterThanOrEqual(due.getTime());
    expect(startAfter - due.getTime()).toBeLessThan(1_000);
  });

  it('leaves far-off and absent deferrals to the minute sweep', async () => {
    for (const next of [null, new Date(Date.now() + 10 * 60_000)]) {
      const { job, enqueue } = setup(next);
      await job.handler({}, { id: 'j', retryCount: 0 });
      expect(enqueue).not.toHaveBeenCalled();
    }
  });
});
