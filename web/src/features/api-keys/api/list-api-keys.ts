import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type ApiKeysPage =
  paths['/api/v1/orgs/{orgId}/api-keys']['get']['responses'][200]['content']['application/json'];
export type ApiKey = ApiKeysPage['items'][number];
export type ApiKeyScope = ApiKey['scopes'][number];

export const apiKeysQueryKey = (orgId: string) => orgScopedKey(orgId, 'api-keys');

export function listApiKeys(orgId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/api-keys', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

export function apiKeysQueryOptions(orgId: string) {
  return pagedQueryOptions(apiKeysQueryKey(orgId), (cursor) => listApiKeys(orgId, cursor));
}

export function useApiKeys(orgId: string) {
  return useInfiniteQuery(apiKeysQueryOptions(orgId));
}
