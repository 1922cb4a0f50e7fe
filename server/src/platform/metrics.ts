import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  domainEvents: Counter<'type' | 'subscriber' | 'outcome'>;
  jobs: Counter<'job' | 'outcome'>;
  /** Request duration by route pattern (never the raw URL: ids would explode the label set). */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

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
