import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { nextPageCursor, PAGE_SIZE } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { CampaignStatus } from './types';

export const campaignsQueryKey = (orgId: string) => orgScopedKey(orgId, 'campaigns');

export function listCampaigns(orgId: string, status: CampaignStatus | undefined, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/campaigns', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor, status } },
    }),
  );
}

export function useCampaigns(orgId: string, status: CampaignStatus | undefined) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: [...campaignsQueryKey(orgId), 'list', { status }],
      queryFn: ({ pageParam }) => listCampaigns(orgId, status, pageParam),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextPageCursor,
      // Running campaigns move on their own: keep their progress roughly current.
      refetchInterval: (query) =>
        query.state.data?.pages.some((page) =>
          page.items.some((c) => c.status === 'running' || c.status === 'scheduled'),
        )
          ? 5_000
          : false,
    }),
  );
}
