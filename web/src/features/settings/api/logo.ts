import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent, sendForm } from '@/lib/api/client';
import { settingsQueryKey, type OrgSettings } from './get-settings';

export function uploadLogo(orgId: string, file: File): Promise<OrgSettings> {
  const form = new FormData();
  form.append('file', file);
  return sendForm<OrgSettings>('PUT', `/api/v1/orgs/${orgId}/logo`, form);
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
