import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export function previewTemplate(
  orgId: string,
  templateId: string,
  body: { variables: Record<string, unknown>; contactId?: string; version?: number },
) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/templates/{templateId}/preview', {
      params: { path: { orgId, templateId } },
      body,
    }),
  );
}

/** Renders a saved version exactly as a send would (for a chosen contact). */
export function usePreviewTemplate(orgId: string, templateId: string) {
  return useMutation({
    mutationFn: (body: { variables: Record<string, unknown>; contactId?: string }) =>
      previewTemplate(orgId, templateId, body),
  });
}
