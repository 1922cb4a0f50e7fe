import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { settingsQueryKey, type OrgSettings } from './get-settings';

export type UpdateSettingsInput = NonNullable<
  paths['/api/v1/orgs/{orgId}/settings']['patch']['requestBody']
>['content']['application/json'];

export function updateSettings(orgId: string, body: UpdateSettingsInput) {
  return unwrap(api.PATCH('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } }, body }));
}

/** Saves, then puts the answer in the cache (the shell and the org name update at once). */
export function useUpdateSettings(orgId: string, onSaved?: (settings: OrgSettings) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettingsInput) => updateSettings(orgId, body),
    onSuccess: async (settings) => {
      queryClient.setQueryData(settingsQueryKey(orgId), settings);
      await onSaved?.(settings);
    },
  });
}
