import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { integrationsQueryKey } from './list-integrations';

export type ConnectionTestResult =
  paths['/api/v1/orgs/{orgId}/integrations/{integrationId}/test']['post']['responses'][200]['content']['application/json'];

export function testIntegration(orgId: string, integrationId: string) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/integrations/{integrationId}/test', {
      params: { path: { orgId, integrationId } },
    }),
  );
}

export const useTestIntegration = (orgId: string) =>
  useRefreshingMutation(
    (integrationId: string) => testIntegration(orgId, integrationId),
    integrationsQueryKey(orgId),
    // A test can change the status (e.g. to needs_attention): refresh the list.
    { always: true },
  );
