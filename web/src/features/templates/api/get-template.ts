import { useQuery } from '@tanstack/react-query';
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

export function useTemplate(orgId: string, templateId: string | undefined) {
  return useQuery({
    queryKey: templateQueryKey(orgId, templateId ?? ''),
    queryFn: () => getTemplate(orgId, templateId!),
    enabled: templateId !== undefined,
  });
}
