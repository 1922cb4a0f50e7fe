import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { LIVE_REFRESH, monitoringKey } from './query-keys';
import { resolveRange, type RangeSelection } from '@/lib/date-range';
import type { EventFilter } from './types';

export function listEvents(
  orgId: string,
  range: RangeSelection,
  filter: EventFilter,
  cursor?: string,
) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/monitoring/events', {
      params: {
        path: { orgId },
        query: { ...resolveRange(range), ...filter, limit: PAGE_SIZE, cursor },
      },
    }),
  );
}

/** Provider events in the range, newest first. */
export const useEvents = (orgId: string, range: RangeSelection, filter: EventFilter) =>
  useInfiniteQuery({
    ...pagedQueryOptions([...monitoringKey(orgId), 'events', range, filter], (cursor) =>
      listEvents(orgId, range, filter, cursor),
    ),
    placeholderData: keepPreviousData,
    ...LIVE_REFRESH,
  });
