import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Metrics } from '../../platform/metrics.js';
import { defineModule } from '../../platform/module.js';
import { registerHealthRoutes } from './routes.js';

/** Operator endpoints: liveness, readiness and Prometheus metrics. */
export const createHealthModule = (deps: {
  database: Database;
  metrics: Metrics;
  access: Config['metrics'];
}) => defineModule({ name: 'health', routes: { root: (app) => registerHealthRoutes(app, deps) } });
