import { queryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';

export const templatesQueryKey = (orgId: string) => orgScopedKey(orgId, 'templates');

export function listTemplates(orgId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/templates', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

/** Templates are few enough that the first 200 make a picker. */
export function templateOptionsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: [...templatesQueryKey(orgId), 'options'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/templates', {
          params: { path: { orgId }, query: { limit: 200 } },
        }),
      ),
  });
}

export function useTemplates(orgId: string) {
  return useInfiniteQuery(
    pagedQueryOptions([...templatesQueryKey(orgId), 'list'], (cursor) =>
      listTemplates(orgId, cursor),
    ),
  );
}
