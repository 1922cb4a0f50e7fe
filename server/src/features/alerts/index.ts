/**
 * Alerts: rules over the monitoring rollups (measure.ts), evaluated every minute (evaluate.ts)
 * into alerts with a lifecycle and a timeline (service.ts). Default rules come with every new
 * integration (defaults.ts); transitions are domain events (events.ts).
 */
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { defineJob } from '../../platform/jobs/registry.js';
import { defineModule } from '../../platform/module.js';
import { subscription } from '../../platform/events/outbox.js';
import type { Metrics } from '../../platform/metrics.js';
import { integrationCreated } from '../integrations/index.js';
import { createDefaultRules } from './defaults.js';
import { evaluateAlertRules } from './evaluate.js';
import { registerAlertRoutes } from './routes.js';
import type { AlertsService } from './service.js';

export { createAlertsService, type AlertsService } from './service.js';
export { evaluateAlertRules } from './evaluate.js';
export * from './events.js';

export const createAlertsModule = (deps: {
  db: Db;
  alerts: AlertsService;
  metrics: Pick<Metrics, 'alertEvaluationLag'>;
  /** ALERT_EVALUATION_SECONDS */
  evaluationSeconds: number;
}) =>
  defineModule({
    name: 'alerts',
    routes: { org: (app) => registerAlertRoutes(app, deps) },
    jobs: [
      // In every worker process on the interval; the per-(rule, tick) claim makes extra runs
      // and crashes harmless (evaluate.ts).
      defineJob({
        name: 'alerts.evaluate',
        schema: z.object({}),
        retry: { limit: 0, delaySeconds: 1 },
        everySeconds: deps.evaluationSeconds,
        handler: async () => {
          await evaluateAlertRules(deps.db, {
            tickSeconds: deps.evaluationSeconds,
            metrics: deps.metrics,
          });
        },
      }),
    ],
    subscriptions: [
      subscription(integrationCreated, 'default-rules', async (event, tx) => {
        if (event.orgId) await createDefaultRules(tx, event.orgId, event.payload);
      }),
    ],
  });
