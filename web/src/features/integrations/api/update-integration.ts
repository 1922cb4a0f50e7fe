import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { integrationsQueryKey } from './list-integrations';

export type UpdateIntegrationInput =
  paths['/api/v1/orgs/{orgId}/integrations/{integrationId}']['patch']['requestBody']['content']['application/json'];

export function updateIntegration(
  orgId: string,
  integrationId: string,
  input: UpdateIntegrationInput,
) {
  return unwrap(
    api.PATCH('/api/v1/orgs/{orgId}/integrations/{integrationId}', {
      params: { path: { orgId, integrationId } },
      body: input,
    }),
  );
}

export const useUpdateIntegration = (orgId: string) =>
  useRefreshingMutation(
    (input: { id: string; patch: UpdateIntegrationInput }) =>
      updateIntegration(orgId, input.id, input.patch),
    integrationsQueryKey(orgId),
  );
