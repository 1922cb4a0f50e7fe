import type { components, paths } from '@/lib/api/schema.gen';

type Schemas = components['schemas'];

export type MonitoringOverview = Schemas['MonitoringOverview'];
export type MonitoringSeries = Schemas['MonitoringSeries'];
export type SeriesPoint = MonitoringSeries['series'][number]['points'][number];
export type ProviderHealth = Schemas['ProviderHealth'];
export type ProviderEvent = Schemas['ProviderEvent'];
export type NoData = NonNullable<Schemas['MonitoringNoData']>;
export type Health = ProviderHealth['health'];
export type Granularity = Schemas['MonitoringRange']['granularity'];

type SeriesQuery = paths['/api/v1/orgs/{orgId}/monitoring/series']['get']['parameters']['query'];
export type SeriesMetric = SeriesQuery['metric'];
export type SeriesGroupBy = NonNullable<SeriesQuery['groupBy']>;
export type LatencyKind = NonNullable<SeriesQuery['latency']>;

type EventsQuery = NonNullable<
  paths['/api/v1/orgs/{orgId}/monitoring/events']['get']['parameters']['query']
>;
export type EventFilter = Pick<EventsQuery, 'kind' | 'outcome' | 'integrationId' | 'channel'>;
