import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { integrationsQueryKey } from './list-integrations';

export function registerWebhook(orgId: string, integrationId: string) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/integrations/{integrationId}/register-webhook', {
      params: { path: { orgId, integrationId } },
    }),
  );
}

export function useRegisterWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (integrationId: string) => registerWebhook(orgId, integrationId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationsQueryKey(orgId) }),
  });
}
