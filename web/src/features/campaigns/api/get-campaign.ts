import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { campaignsQueryKey } from './list-campaigns';
import type { Campaign } from './types';

export const campaignQueryKey = (orgId: string, campaignId: string) => [
  ...campaignsQueryKey(orgId),
  'detail',
  campaignId,
];

export function getCampaign(orgId: string, campaignId: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/campaigns/{campaignId}', {
      params: { path: { orgId, campaignId } },
    }),
  );
}

/** How long after completion delivery reports still trickle in and are worth polling for. */
const SETTLING_MS = 30 * 60_000;

/**
 * How often to re-read a campaign (its stats come with it): every 2 s while it sends or waits
 * for its start, every 5 s while accepted messages still await their delivery report.
 */
export function pollInterval(campaign: Campaign | undefined, now = Date.now()): number | false {
  if (!campaign) return false;
  if (campaign.status === 'running' || campaign.status === 'scheduled') return 2_000;
  const awaitingReports = campaign.stats.queued + campaign.stats.sending + campaign.stats.sent > 0;
  const settledAt = campaign.completedAt ?? campaign.updatedAt;
  if (awaitingReports && now - new Date(settledAt).getTime() < SETTLING_MS) return 5_000;
  return false;
}

export function useCampaign(orgId: string, campaignId: string | undefined) {
  return useQuery({
    queryKey: campaignQueryKey(orgId, campaignId ?? ''),
    queryFn: () => getCampaign(orgId, campaignId!),
    enabled: campaignId !== undefined,
    refetchInterval: (query) => pollInterval(query.state.data),
  });
}
