import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
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
  return useInfiniteQuery({
    ...pagedQueryOptions([...campaignsQueryKey(orgId), 'list', { status }], (cursor) =>
      listCampaigns(orgId, status, cursor),
    ),
    // Running campaigns move on their own: keep their progress roughly current.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) =>
        page.items.some((c) => c.status === 'running' || c.status === 'scheduled'),
      )
        ? 5_000
        : false,
  });
}
