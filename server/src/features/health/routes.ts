import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { pendingMigrations } from '../../db/migrate.js';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import type { Metrics } from '../../platform/metrics.js';
import { safeEqual } from '../../providers/compare.js';
import { typed } from '../../platform/http/route-types.js';

const Health = z.object({ status: z.literal('ok') });
const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
});

/** Operator endpoints: liveness, readiness (database + migrations) and Prometheus metrics. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { database: Database; metrics: Metrics; access: Config['metrics'] },
) {
  const api = typed(app);
  api.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Health } } },
    () => ({ status: 'ok' as const }),
  );
  api.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: 'ok' | 'pending' | 'unknown' = 'unknown';
      try {
        await deps.database.db.execute(sql`select 1`);
        migrations = (await pendingMigrations(deps.database)) === 0 ? 'ok' : 'pending';
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        database = 'unreachable';
      }
      const ready = database === 'ok' && migrations === 'ok';
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not_ready', checks: { database, migrations } });
    },
  );
  // Not served at all in production without METRICS_TOKEN; with it, only to that bearer token.
  const { access } = deps;
  if (access.access === 'off') return;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (access.access === 'token') {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!safeEqual(given, access.token)) {
        throw new AppError(
          'unauthenticated',
          'GET /metrics needs the METRICS_TOKEN as a bearer token.',
        );
      }
    }
    return reply
      .type(deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics());
  });
}
