import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { LIVE_REFRESH, monitoringKey } from './query-keys';
import { resolveRange, type RangeSelection } from '@/lib/date-range';
import type { LatencyKind, SeriesGroupBy, SeriesMetric } from './types';

export type SeriesRequest = {
  metric: SeriesMetric;
  groupBy?: SeriesGroupBy;
  latency?: LatencyKind;
  integrationId?: string;
};

export function getSeries(orgId: string, range: RangeSelection, request: SeriesRequest) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/monitoring/series', {
      params: { path: { orgId }, query: { ...resolveRange(range), ...request } },
    }),
  );
}

export const seriesQueryOptions = (orgId: string, range: RangeSelection, request: SeriesRequest) =>
  queryOptions({
    queryKey: [...monitoringKey(orgId), 'series', range, request],
    queryFn: () => getSeries(orgId, range, request),
    ...LIVE_REFRESH,
  });

export const useSeries = (orgId: string, range: RangeSelection, request: SeriesRequest) =>
  useQuery({ ...seriesQueryOptions(orgId, range, request), placeholderData: keepPreviousData });
