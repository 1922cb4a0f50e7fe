import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { templateQueryKey } from './get-template';
import { templatesQueryKey } from './list-templates';
import type { Template } from './types';

type CreateBody =
  paths['/api/v1/orgs/{orgId}/templates']['post']['requestBody']['content']['application/json'];
type UpdateBody =
  paths['/api/v1/orgs/{orgId}/templates/{templateId}']['patch']['requestBody']['content']['application/json'];

export function createTemplate(orgId: string, body: CreateBody) {
  return unwrap(api.POST('/api/v1/orgs/{orgId}/templates', { params: { path: { orgId } }, body }));
}

export function updateTemplate(orgId: string, templateId: string, body: UpdateBody) {
  return unwrap(
    api.PATCH('/api/v1/orgs/{orgId}/templates/{templateId}', {
      params: { path: { orgId, templateId } },
      body,
    }),
  );
}

export function deleteTemplate(orgId: string, templateId: string) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/templates/{templateId}', {
      params: { path: { orgId, templateId } },
    }),
  );
}

export function restoreTemplateVersion(orgId: string, templateId: string, versionId: string) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/templates/{templateId}/versions/{versionId}/restore', {
      params: { path: { orgId, templateId, versionId } },
    }),
  );
}

function useSaved(orgId: string) {
  const queryClient = useQueryClient();
  return (template: Template) => {
    queryClient.setQueryData(templateQueryKey(orgId, template.id), template);
    return queryClient.invalidateQueries({ queryKey: templatesQueryKey(orgId) });
  };
}

export function useCreateTemplate(orgId: string) {
  const saved = useSaved(orgId);
  return useMutation({
    mutationFn: (body: CreateBody) => createTemplate(orgId, body),
    onSuccess: saved,
  });
}

export function useUpdateTemplate(orgId: string, templateId: string) {
  const saved = useSaved(orgId);
  return useMutation({
    mutationFn: (body: UpdateBody) => updateTemplate(orgId, templateId, body),
    onSuccess: saved,
  });
}

export function useRestoreTemplateVersion(orgId: string, templateId: string) {
  const saved = useSaved(orgId);
  return useMutation({
    mutationFn: (versionId: string) => restoreTemplateVersion(orgId, templateId, versionId),
    onSuccess: saved,
  });
}

export const useDeleteTemplate = (orgId: string) =>
  useRefreshingMutation(
    (templateId: string) => deleteTemplate(orgId, templateId),
    templatesQueryKey(orgId),
  );
