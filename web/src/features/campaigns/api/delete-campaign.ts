import { api, expectNoContent } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { campaignsQueryKey } from './list-campaigns';

/** Deletes a draft that never sent anything; anything else answers 409 campaign_not_draft. */
export function deleteCampaign(orgId: string, campaignId: string) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/campaigns/{campaignId}', {
      params: { path: { orgId, campaignId } },
    }),
  );
}

export const useDeleteCampaign = (orgId: string) =>
  useRefreshingMutation(
    (campaignId: string) => deleteCampaign(orgId, campaignId),
    // Only the lists: the deleted campaign's own query stays untouched (a refetch would 404
    // on the page still showing it while the list loads); nothing links to it any more.
    [...campaignsQueryKey(orgId), 'list'],
  );
