import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { api, unwrap } from '@/lib/api/client';
import { campaignsQueryKey } from './list-campaigns';
import type { CampaignAudience } from './types';

export type AudiencePreviewInput = {
  integrationId: string;
  templateId?: string;
  audience: CampaignAudience;
};

export function previewAudience(orgId: string, body: AudiencePreviewInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/campaigns/audience-preview', {
      params: { path: { orgId } },
      body,
    }),
  );
}

const isEmpty = (a: CampaignAudience) => a.groupIds.length === 0 && a.contactIds.length === 0;

/**
 * Live counts for an audience as it is being chosen: asked for 400 ms after the last change,
 * keeping the previous counts on screen meanwhile. Nothing is asked before an integration and
 * at least one group or contact are chosen.
 */
export function useAudiencePreview(orgId: string, input: AudiencePreviewInput | null) {
  // Debounced as text: a new object with the same content must not restart the wait.
  const [serialized] = useDebouncedValue(input && JSON.stringify(input), 400);
  const debounced = serialized ? (JSON.parse(serialized) as AudiencePreviewInput) : null;
  const ready = debounced !== null && !isEmpty(debounced.audience);
  return useQuery({
    queryKey: [...campaignsQueryKey(orgId), 'audience-preview', serialized],
    queryFn: () => previewAudience(orgId, debounced!),
    enabled: ready,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
