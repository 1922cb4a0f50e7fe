/**
 * Monitoring: `provider_events` rolled up per minute, hour and day (rollup.ts), read back as the
 * overview, series and events of any date range (service.ts).
 */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { monitoringJobs } from './jobs.js';
import { registerMonitoringRoutes } from './routes.js';
import type { MonitoringService } from './service.js';

export { createMonitoringService, type MonitoringService } from './service.js';
export { count, noCounts, rate } from './counts.js';
export {
  histogramCount,
  mergeHistograms,
  percentiles,
  type LatencyHistogram,
} from './histogram.js';

export const createMonitoringModule = (
  deps: { db: Db; monitoring: MonitoringService } & Parameters<typeof monitoringJobs>[0],
) =>
  defineModule({
    name: 'monitoring',
    routes: { org: (app) => registerMonitoringRoutes(app, deps) },
    jobs: monitoringJobs(deps),
  });
