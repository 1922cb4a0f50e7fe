import { queryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { templateQueryKey } from './get-template';

export function listTemplateVersions(orgId: string, templateId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/templates/{templateId}/versions', {
      params: { path: { orgId, templateId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

/** The first 200 versions of a template (to name one by its number); idle until there is an id. */
export function templateVersionsQueryOptions(orgId: string, templateId: string | null) {
  return queryOptions({
    queryKey: [...templateQueryKey(orgId, templateId ?? ''), 'versions', 'first-200'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/templates/{templateId}/versions', {
          params: { path: { orgId, templateId: templateId! }, query: { limit: 200 } },
        }),
      ),
    enabled: templateId !== null,
  });
}

export function useTemplateVersions(orgId: string, templateId: string, enabled: boolean) {
  return useInfiniteQuery({
    ...pagedQueryOptions([...templateQueryKey(orgId, templateId), 'versions'], (cursor) =>
      listTemplateVersions(orgId, templateId, cursor),
    ),
    enabled,
  });
}
