import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import {
  EventsQuery,
  MonitoringOverview,
  MonitoringSeries,
  ProviderEvent,
  RangeQuery,
  SeriesQuery,
} from './schemas.js';
import type { MonitoringService } from './service.js';

export function registerMonitoringRoutes(
  app: FastifyInstance,
  deps: { db: Db; monitoring: MonitoringService },
) {
  const route = typed(app);
  const errors = { ...ORG_ERRORS, ...problems(422) };

  route.get(
    '/monitoring/overview',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Provider health over a date range: volume, failure rate, latency percentiles',
        params: OrgParams,
        querystring: RangeQuery,
        response: { 200: MonitoringOverview, ...errors },
      },
    },
    (request) => deps.monitoring.overview(orgContext(request, deps.db, 'viewer'), request.query),
  );

  route.get(
    '/monitoring/series',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'One metric per bucket over a date range, every bucket present (zero-filled)',
        params: OrgParams,
        querystring: SeriesQuery,
        response: { 200: MonitoringSeries, ...errors },
      },
    },
    (request) => deps.monitoring.series(orgContext(request, deps.db, 'viewer'), request.query),
  );

  route.get(
    '/monitoring/events',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Provider events in a date range, newest first',
        params: OrgParams,
        querystring: EventsQuery,
        response: { 200: pageOf(ProviderEvent), ...errors },
      },
    },
    (request) => deps.monitoring.events(orgContext(request, deps.db, 'viewer'), request.query),
  );
}
