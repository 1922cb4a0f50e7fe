import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { integrationsQueryKey } from './list-integrations';

export function deleteIntegration(orgId: string, integrationId: string) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/integrations/{integrationId}', {
      params: { path: { orgId, integrationId } },
    }),
  );
}

export function useDeleteIntegration(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (integrationId: string) => deleteIntegration(orgId, integrationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationsQueryKey(orgId) }),
  });
}
