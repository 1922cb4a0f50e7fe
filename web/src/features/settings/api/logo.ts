import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { settingsQueryKey, type OrgSettings } from './get-settings';

/** Multipart upload (openapi-fetch is JSON-first); errors become the same ApiError. */
export async function uploadLogo(orgId: string, file: File): Promise<OrgSettings> {
  const form = new FormData();
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch(`/api/v1/orgs/${orgId}/logo`, {
      method: 'PUT',
      body: form,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, body);
  return body as OrgSettings;
}

export function removeLogo(orgId: string) {
  return expectNoContent(api.DELETE('/api/v1/orgs/{orgId}/logo', { params: { path: { orgId } } }));
}

export function useUploadLogo(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadLogo(orgId, file),
    onSuccess: (settings) => queryClient.setQueryData(settingsQueryKey(orgId), settings),
  });
}

export function useRemoveLogo(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => removeLogo(orgId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsQueryKey(orgId) }),
  });
}
