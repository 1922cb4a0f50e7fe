import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { LIVE_REFRESH, monitoringKey } from './query-keys';
import { resolveRange, type RangeSelection } from '@/lib/date-range';

export function getOverview(orgId: string, range: RangeSelection) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/monitoring/overview', {
      params: { path: { orgId }, query: resolveRange(range) },
    }),
  );
}

export const overviewQueryOptions = (orgId: string, range: RangeSelection) =>
  queryOptions({
    queryKey: [...monitoringKey(orgId), 'overview', range],
    queryFn: () => getOverview(orgId, range),
    ...LIVE_REFRESH,
  });

export const useOverview = (orgId: string, range: RangeSelection) =>
  useQuery({ ...overviewQueryOptions(orgId, range), placeholderData: keepPreviousData });
