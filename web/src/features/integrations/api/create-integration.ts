import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { integrationsQueryKey } from './list-integrations';

export type CreateIntegrationInput =
  paths['/api/v1/orgs/{orgId}/integrations']['post']['requestBody']['content']['application/json'];

export function createIntegration(orgId: string, input: CreateIntegrationInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/integrations', { params: { path: { orgId } }, body: input }),
  );
}

export const useCreateIntegration = (orgId: string) =>
  useRefreshingMutation(
    (input: CreateIntegrationInput) => createIntegration(orgId, input),
    integrationsQueryKey(orgId),
  );
