import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { apiKeysQueryKey } from './list-api-keys';

export function revokeApiKey(input: { orgId: string; keyId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/api-keys/{keyId}', {
      params: { path: { orgId: input.orgId, keyId: input.keyId } },
    }),
  );
}

export function useRevokeApiKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => revokeApiKey({ orgId, keyId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey(orgId) }),
  });
}
