import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  domainEvents: Counter<'type' | 'subscriber' | 'outcome'>;
  jobs: Counter<'job' | 'outcome'>;
  /** Request duration by route pattern (never the raw URL: ids would explode the label set). */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /**
   * Provider events as the monitoring rollup counts them: each event once, by whichever process
   * rolled it up, so the sum over instances is the true count. `org` is set only with
   * METRICS_ORG_LABEL=true (a series per org: mind the cardinality).
   */
  providerEvents: Counter<'provider' | 'kind' | 'outcome' | 'org'>;
  providerLatency: Histogram<'provider' | 'kind' | 'org'>;
  /** Age of the oldest provider event the rollup has not counted yet; 0 when caught up. */
  rollupLag: Gauge;
  /** Seconds since the least recently evaluated enabled alert rule's evaluation. */
  alertEvaluationLag: Gauge;
}

/** From a send's round trip (tens of ms) to a delivery receipt (minutes). */
const PROVIDER_LATENCY_BUCKETS = [
  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
];

/** One registry per set of services (tests build many in one process). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  return {
    registry,
    domainEvents: new Counter({
      name: 'switchboard_domain_events_dispatched_total',
      help: 'Domain event deliveries to subscribers, by event type, subscriber and outcome',
      labelNames: ['type', 'subscriber', 'outcome'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'switchboard_jobs_total',
      help: 'Background jobs run, by job and outcome',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'switchboard_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    providerEvents: new Counter({
      name: 'switchboard_provider_events_total',
      help: 'Provider interactions (calls and callbacks), by provider, kind and outcome',
      labelNames: ['provider', 'kind', 'outcome', 'org'],
      registers: [registry],
    }),
    providerLatency: new Histogram({
      name: 'switchboard_provider_latency_seconds',
      help: 'Provider latency (call round trip, or sent to delivered), by provider and kind',
      labelNames: ['provider', 'kind', 'org'],
      buckets: PROVIDER_LATENCY_BUCKETS,
      registers: [registry],
    }),
    rollupLag: new Gauge({
      name: 'switchboard_monitoring_rollup_lag_seconds',
      help: 'Age of the oldest provider event not yet counted by the monitoring rollup',
      registers: [registry],
    }),
    alertEvaluationLag: new Gauge({
      name: 'switchboard_alert_evaluation_lag_seconds',
      help: 'Seconds since the least recently evaluated enabled alert rule was evaluated',
      registers: [registry],
    }),
  };
}

export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics) {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
