import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';

/**
 * The campaigns the Overview shows (running ones) and checks (has one ever been launched), read
 * here as the message feature reads integrations: under the campaigns' org-scoped key, so every
 * campaign change refreshes them.
 */
export const campaignsOverviewQueryOptions = (orgId: string, status?: 'running') =>
  queryOptions({
    queryKey: orgScopedKey(orgId, 'campaigns', 'overview', { status }),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/campaigns', {
          params: { path: { orgId }, query: { limit: 20, ...(status && { status }) } },
        }),
      ),
    // Running campaigns move on their own, as the campaigns list keeps them current.
    refetchInterval: status ? 10_000 : false,
  });

export const useRunningCampaigns = (orgId: string) =>
  useQuery(campaignsOverviewQueryOptions(orgId, 'running'));
