import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type ListBody =
  paths['/api/v1/orgs/{orgId}/integrations']['get']['responses'][200]['content']['application/json'];
export type Integration = ListBody['items'][number];
export type Provider = Integration['provider'];

export const integrationsQueryKey = (orgId: string) => orgScopedKey(orgId, 'integrations');

export function listIntegrations(orgId: string) {
  return unwrap(api.GET('/api/v1/orgs/{orgId}/integrations', { params: { path: { orgId } } }));
}

export function integrationsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: integrationsQueryKey(orgId),
    queryFn: () => listIntegrations(orgId),
    // Health (last callback, rejections) changes on its own: keep it reasonably fresh.
    refetchInterval: 30_000,
  });
}

export function useIntegrations(orgId: string) {
  return useQuery(integrationsQueryOptions(orgId));
}
