import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { apiKeysQueryKey } from './list-api-keys';

type ApiKeysPath = paths['/api/v1/orgs/{orgId}/api-keys']['post'];
export type CreateApiKeyInput = ApiKeysPath['requestBody']['content']['application/json'];
/** Includes `key`, the full secret, which the server returns only in this response. */
export type CreatedApiKey = ApiKeysPath['responses'][201]['content']['application/json'];

export function createApiKey(orgId: string, input: CreateApiKeyInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId } }, body: input }),
  );
}

export function useCreateApiKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => createApiKey(orgId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(orgId) }),
  });
}
