import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { resolveRange, type RangeSelection } from '@/lib/date-range';
import { ALERTS_REFRESH, alertsKey } from './query-keys';
import type { AlertFilter } from './types';

export function listAlerts(
  orgId: string,
  range: RangeSelection,
  filter: AlertFilter,
  cursor?: string,
) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/alerts', {
      params: {
        path: { orgId },
        query: { ...resolveRange(range), ...filter, limit: PAGE_SIZE, cursor },
      },
    }),
  );
}

/** Alerts opened in the range, newest first; every page carries the counts per status. */
export const useAlerts = (orgId: string, range: RangeSelection, filter: AlertFilter) =>
  useInfiniteQuery({
    ...pagedQueryOptions([...alertsKey(orgId), 'list', range, filter], (cursor) =>
      listAlerts(orgId, range, filter, cursor),
    ),
    placeholderData: keepPreviousData,
    ...ALERTS_REFRESH,
  });

export const alertCountsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...alertsKey(orgId), 'counts'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/alerts/counts', { params: { path: { orgId } } })),
    ...ALERTS_REFRESH,
  });

/** Unresolved alerts (open, acknowledged, critical): the navigation badge and the Overview. */
export const useAlertCounts = (orgId: string) => useQuery(alertCountsQueryOptions(orgId));

/** The open alert's detail with its timeline; nothing while no alert is open. */
export const useAlert = (orgId: string, alertId: string | null) =>
  useQuery({
    queryKey: [...alertsKey(orgId), 'detail', alertId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/alerts/{alertId}', {
          params: { path: { orgId, alertId: alertId! } },
        }),
      ),
    enabled: alertId !== null,
    ...ALERTS_REFRESH,
  });

export type AlertAction =
  | { action: 'acknowledge' | 'resolve'; alertId: string; comment?: string }
  | { action: 'silence'; alertId: string; until: string; comment?: string }
  | { action: 'unsilence'; alertId: string };

function runAction(orgId: string, input: AlertAction) {
  const path = { orgId, alertId: input.alertId };
  const comment = 'comment' in input && input.comment?.trim() ? input.comment.trim() : undefined;
  switch (input.action) {
    case 'acknowledge':
      return unwrap(
        api.POST('/api/v1/orgs/{orgId}/alerts/{alertId}/acknowledge', {
          params: { path },
          body: { comment },
        }),
      );
    case 'resolve':
      return unwrap(
        api.POST('/api/v1/orgs/{orgId}/alerts/{alertId}/resolve', {
          params: { path },
          body: { comment },
        }),
      );
    case 'silence':
      return unwrap(
        api.POST('/api/v1/orgs/{orgId}/alerts/{alertId}/silence', {
          params: { path },
          body: { until: input.until, comment },
        }),
      );
    case 'unsilence':
      return unwrap(
        api.POST('/api/v1/orgs/{orgId}/alerts/{alertId}/unsilence', { params: { path } }),
      );
  }
}

/** Acknowledge, resolve, silence or unsilence; the list, counts and drawer refetch after. */
export const useAlertAction = (orgId: string) =>
  useRefreshingMutation((input: AlertAction) => runAction(orgId, input), alertsKey(orgId));
