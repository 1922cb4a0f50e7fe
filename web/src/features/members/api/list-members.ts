import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import type { paths } from '@/lib/api/schema.gen';
import { memberKeys } from './query-keys';

type MembersPage =
  paths['/api/v1/orgs/{orgId}/members']['get']['responses'][200]['content']['application/json'];
export type Member = MembersPage['items'][number];

export function listMembers(orgId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/members', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

export function membersQueryOptions(orgId: string) {
  return pagedQueryOptions(memberKeys.list(orgId), (cursor) => listMembers(orgId, cursor));
}

export function useMembers(orgId: string) {
  return useInfiniteQuery(membersQueryOptions(orgId));
}
