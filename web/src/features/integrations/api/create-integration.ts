import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { integrationsQueryKey } from './list-integrations';

export type CreateIntegrationInput =
  paths['/api/v1/orgs/{orgId}/integrations']['post']['requestBody']['content']['application/json'];

export function createIntegration(orgId: string, input: CreateIntegrationInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/integrations', { params: { path: { orgId } }, body: input }),
  );
}

export function useCreateIntegration(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateIntegrationInput) => createIntegration(orgId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationsQueryKey(orgId) }),
  });
}
