import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

export type OrgSettings =
  paths['/api/v1/orgs/{orgId}/settings']['get']['responses'][200]['content']['application/json'];
export type OrgLogo = NonNullable<OrgSettings['logo']>;

export const settingsQueryKey = (orgId: string) => orgScopedKey(orgId, 'settings');

export function getSettings(orgId: string) {
  return unwrap(api.GET('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } } }));
}

export const settingsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: settingsQueryKey(orgId),
    queryFn: () => getSettings(orgId),
    staleTime: 60_000,
  });

/** The org's settings; every member may read them (the shell shows its logo and colour). */
export const useOrgSettings = (orgId: string | undefined) =>
  useQuery({ ...settingsQueryOptions(orgId ?? ''), enabled: Boolean(orgId) });
