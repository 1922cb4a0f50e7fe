import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
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

export const useCreateApiKey = (orgId: string) =>
  useRefreshingMutation(
    (input: CreateApiKeyInput) => createApiKey(orgId, input),
    apiKeysQueryKey(orgId),
  );
