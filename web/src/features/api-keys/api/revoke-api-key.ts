import { api, expectNoContent } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { apiKeysQueryKey } from './list-api-keys';

export function revokeApiKey(input: { orgId: string; keyId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/api-keys/{keyId}', {
      params: { path: { orgId: input.orgId, keyId: input.keyId } },
    }),
  );
}

export const useRevokeApiKey = (orgId: string) =>
  useRefreshingMutation((keyId: string) => revokeApiKey({ orgId, keyId }), apiKeysQueryKey(orgId));
