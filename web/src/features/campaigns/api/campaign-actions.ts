import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { campaignsQueryKey } from './list-campaigns';

export type CampaignAction = 'launch' | 'pause' | 'resume' | 'cancel';

export function runCampaignAction(
  orgId: string,
  campaignId: string,
  action: CampaignAction,
  idempotencyKey?: string,
) {
  const params = { path: { orgId, campaignId } };
  switch (action) {
    case 'launch':
      // The same key for every attempt of one confirmation: a retried click launches once.
      return unwrap(
        api.POST('/api/v1/orgs/{orgId}/campaigns/{campaignId}/launch', {
          params,
          headers: { 'Idempotency-Key': idempotencyKey ?? crypto.randomUUID() },
        }),
      );
    case 'pause':
      return unwrap(api.POST('/api/v1/orgs/{orgId}/campaigns/{campaignId}/pause', { params }));
    case 'resume':
      return unwrap(api.POST('/api/v1/orgs/{orgId}/campaigns/{campaignId}/resume', { params }));
    case 'cancel':
      return unwrap(api.POST('/api/v1/orgs/{orgId}/campaigns/{campaignId}/cancel', { params }));
  }
}

export const useCampaignAction = (orgId: string) =>
  useRefreshingMutation(
    (input: { campaignId: string; action: CampaignAction; idempotencyKey?: string }) =>
      runCampaignAction(orgId, input.campaignId, input.action, input.idempotencyKey),
    campaignsQueryKey(orgId),
  );
