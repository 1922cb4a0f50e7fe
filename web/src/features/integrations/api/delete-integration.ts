import { api, expectNoContent } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { integrationsQueryKey } from './list-integrations';

export function deleteIntegration(orgId: string, integrationId: string) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/integrations/{integrationId}', {
      params: { path: { orgId, integrationId } },
    }),
  );
}

export const useDeleteIntegration = (orgId: string) =>
  useRefreshingMutation(
    (integrationId: string) => deleteIntegration(orgId, integrationId),
    integrationsQueryKey(orgId),
  );
