import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { integrationsQueryKey } from './list-integrations';

export function registerWebhook(orgId: string, integrationId: string) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/integrations/{integrationId}/register-webhook', {
      params: { path: { orgId, integrationId } },
    }),
  );
}

export const useRegisterWebhook = (orgId: string) =>
  useRefreshingMutation(
    (integrationId: string) => registerWebhook(orgId, integrationId),
    integrationsQueryKey(orgId),
    { always: true },
  );
