import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { integrationsQueryKey } from './list-integrations';

export type UpdateIntegrationInput =
  paths['/api/v1/orgs/{orgId}/integrations/{integrationId}']['patch']['requestBody']['content']['application/json'];

export function updateIntegration(
  orgId: string,
  integrationId: string,
  input: UpdateIntegrationInput,
) {
  return unwrap(
    api.PATCH('/api/v1/orgs/{orgId}/integrations/{integrationId}', {
      params: { path: { orgId, integrationId } },
      body: input,
    }),
  );
}

export function useUpdateIntegration(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; patch: UpdateIntegrationInput }) =>
      updateIntegration(orgId, input.id, input.patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationsQueryKey(orgId) }),
  });
}
