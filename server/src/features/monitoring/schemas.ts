import { z } from 'zod';
import { INTEGRATION_PROVIDERS } from '../../db/schema/integrations.js';
import { DateRangeQuery, GRANULARITIES } from '../../platform/date-range.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

/** The effective range of an answer: what was asked, with the defaults filled in. */
export const EffectiveRange = z
  .object({
    from: Timestamp,
    to: Timestamp.describe('Exclusive'),
    tz: z.string(),
    granularity: z.enum(GRANULARITIES),
  })
  .meta({ id: 'MonitoringRange' });

export const NO_DATA_REASONS = [
  'no_integrations',
  'no_traffic_in_range',
  'no_callbacks_configured',
  'callbacks_silent',
  'before_retention',
] as const;
export type NoDataReason = (typeof NO_DATA_REASONS)[number];

export const NoData = z
  .object({
    reason: z.enum(NO_DATA_REASONS),
    detail: z.string().describe('A sentence the user can act on'),
    integrationId: z.uuid().nullable().describe('The integration the reason is about, if one'),
  })
  .nullable()
  .meta({ id: 'MonitoringNoData' });
export type NoData = z.infer<typeof NoData>;

const Ms = z.number().nullable().describe('Milliseconds; null when there is no sample');
export const Percentiles = z
  .object({ p50: Ms, p95: Ms, p99: Ms })
  .meta({ id: 'LatencyPercentiles' });
export const Latency = z
  .object({
    send: Percentiles.describe('Provider API call duration'),
    delivery: Percentiles.describe('Accepted by the provider → delivery report'),
  })
  .meta({ id: 'MonitoringLatency' });

export const HEALTH = ['ok', 'degraded', 'failing', 'silent', 'unknown'] as const;
export type Health = (typeof HEALTH)[number];

const Rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('Failed ÷ attempted sends (0–1); null without attempts');

export const ProviderHealth = z
  .object({
    provider: z.enum(INTEGRATION_PROVIDERS),
    integrationId: z.uuid(),
    name: z.string(),
    sent: z.number().int(),
    attempted: z.number().int(),
    failureRate: Rate,
    latency: Latency,
    lastCallbackAt: Timestamp.nullable(),
    health: z.enum(HEALTH),
    healthDetail: z.string().describe('The health in plain words'),
  })
  .meta({ id: 'ProviderHealth' });

export const MonitoringOverview = z
  .object({
    range: EffectiveRange,
    totals: z.object({
      sent: z.number().int(),
      delivered: z.number().int(),
      failed: z.number().int(),
      bounced: z.number().int(),
      callbacks: z.number().int(),
      rejected: z.number().int(),
    }),
    failureRate: Rate,
    latency: Latency,
    byProvider: z.array(ProviderHealth),
    noData: NoData,
  })
  .meta({ id: 'MonitoringOverview' });
export type MonitoringOverview = z.infer<typeof MonitoringOverview>;

export const SERIES_METRICS = [
  'volume',
  'failure_rate',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'callbacks',
  'rejections',
] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];
export const GROUP_BY = ['provider', 'channel', 'integration', 'outcome'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const LATENCY_KINDS = ['send', 'delivery'] as const;

export const RangeQuery = DateRangeQuery;

export const SeriesQuery = DateRangeQuery.extend({
  metric: z.enum(SERIES_METRICS),
  groupBy: z.enum(GROUP_BY).optional(),
  integrationId: z.uuid().optional(),
  channel: z.string().max(32).optional(),
  latency: z
    .enum(LATENCY_KINDS)
    .optional()
    .describe('For latency metrics: send (API call, default) or delivery'),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const SeriesPoint = z.object({
  t: Timestamp.describe('Bucket start'),
  value: z.number().nullable().describe('null where a rate or latency has no sample'),
  count: z.number().int().describe('Events behind the value'),
});

export const MonitoringSeries = z
  .object({
    range: EffectiveRange,
    metric: z.enum(SERIES_METRICS),
    buckets: z.array(Timestamp).describe('Every bucket start in the range, in order'),
    series: z.array(z.object({ key: z.string(), label: z.string(), points: z.array(SeriesPoint) })),
    noData: NoData,
  })
  .meta({ id: 'MonitoringSeries' });
export type MonitoringSeries = z.infer<typeof MonitoringSeries>;

export const EventsQuery = PaginationQuery.extend(DateRangeQuery.shape).extend({
  kind: z.string().max(32).optional(),
  outcome: z.string().max(32).optional(),
  integrationId: z.uuid().optional(),
  channel: z.string().max(32).optional(),
  errorCode: z.string().max(64).optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const ProviderEvent = z
  .object({
    id: z.uuid(),
    occurredAt: Timestamp,
    integrationId: z.uuid(),
    integrationName: z.string().nullable(),
    provider: z.enum(INTEGRATION_PROVIDERS),
    channel: z.string().nullable(),
    kind: z.string(),
    outcome: z.string(),
    latencyMs: z.number().int().nullable(),
    errorCode: z.string().nullable(),
    messageId: z.uuid().nullable().describe('The message this event is about, where there is one'),
  })
  .meta({ id: 'ProviderEvent' });
