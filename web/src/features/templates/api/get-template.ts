import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { templatesQueryKey } from './list-templates';

export const templateQueryKey = (orgId: string, templateId: string) => [
  ...templatesQueryKey(orgId),
  'detail',
  templateId,
];

export function getTemplate(orgId: string, templateId: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/templates/{templateId}', {
      params: { path: { orgId, templateId } },
    }),
  );
}

/** A template with its current version; idle until there is an id. */
export function templateQueryOptions(orgId: string, templateId: string | null | undefined) {
  return queryOptions({
    queryKey: templateQueryKey(orgId, templateId ?? ''),
    queryFn: () => getTemplate(orgId, templateId!),
    enabled: templateId !== undefined && templateId !== null,
  });
}

export function useTemplate(orgId: string, templateId: string | undefined) {
  return useQuery(templateQueryOptions(orgId, templateId));
}
