import type { JobQueue } from './registry.js';

/**
 * Services are built before the job runner (the runner's handlers are built from the services),
 * so services that enqueue get this queue and the runtime binds the real one once it started.
 */
export interface LateJobQueue extends JobQueue {
  bind(queue: JobQueue): void;
}

export function createLateJobQueue(): LateJobQueue {
  let target: JobQueue | undefined;
  return {
    bind(queue) {
      target = queue;
    },
    enqueue(job, payload, opts) {
      if (!target) throw new Error(`Job queue not started: cannot enqueue ${job.name}`);
      return target.enqueue(job, payload, opts);
    },
  };
}
