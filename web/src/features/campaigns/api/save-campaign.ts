import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { campaignsQueryKey } from './list-campaigns';
import type { CampaignInput } from './types';

export function createCampaign(orgId: string, body: CampaignInput) {
  return unwrap(api.POST('/api/v1/orgs/{orgId}/campaigns', { params: { path: { orgId } }, body }));
}

export function updateCampaign(orgId: string, campaignId: string, body: CampaignInput) {
  return unwrap(
    api.PATCH('/api/v1/orgs/{orgId}/campaigns/{campaignId}', {
      params: { path: { orgId, campaignId } },
      body,
    }),
  );
}

/** Creates the draft, or updates it once it exists (`campaignId`). */
export const useSaveCampaign = (orgId: string) =>
  useRefreshingMutation(
    ({ campaignId, body }: { campaignId?: string; body: CampaignInput }) =>
      campaignId ? updateCampaign(orgId, campaignId, body) : createCampaign(orgId, body),
    campaignsQueryKey(orgId),
  );
