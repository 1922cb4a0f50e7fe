import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/registry.js';
import { purgeOldRollups, rollUpProviderEvents, type RollupMetrics } from './rollup.js';

/** How often every worker process tries the rollup; one at a time counts (an advisory lock). */
export const ROLLUP_SWEEP_SECONDS = 2;

/**
 * The monitoring jobs: the rollup sweep (in process, every 2 s: when caught up it is a few
 * indexed lookups) and the daily retention of rollup rows.
 */
export function monitoringJobs(deps: {
  db: Db;
  metrics: RollupMetrics;
  /** RETENTION_DAYS: minute rows live as long as the raw events. */
  retentionDays: number;
  /** ROLLUP_RETENTION_DAYS: hour and day rows. */
  rollupRetentionDays: number;
  /** METRICS_ORG_LABEL */
  orgLabel: boolean;
}): JobDefinition[] {
  const rollup = defineJob({
    name: 'monitoring.rollup',
    schema: z.object({}),
    retry: { limit: 0, delaySeconds: 1 },
    everySeconds: ROLLUP_SWEEP_SECONDS,
    handler: async () => {
      await rollUpProviderEvents(deps.db, { metrics: deps.metrics, orgLabel: deps.orgLabel });
    },
  });
  const retention = defineJob({
    name: 'monitoring.rollup-retention',
    schema: z.object({}),
    retry: { limit: 3, delaySeconds: 300 },
    cron: '41 3 * * *',
    handler: async () => {
      await purgeOldRollups(deps.db, {
        retentionDays: deps.retentionDays,
        rollupRetentionDays: deps.rollupRetentionDays,
      });
    },
  });
  return [rollup, retention];
}
