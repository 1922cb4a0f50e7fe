import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type SendBody =
  paths['/api/v1/orgs/{orgId}/messages']['post']['requestBody']['content']['application/json'];
type IntegrationList =
  paths['/api/v1/orgs/{orgId}/integrations']['get']['responses'][200]['content']['application/json'];
export type SenderIntegration = IntegrationList['items'][number];

/**
 * The integrations a message can go out through, read here rather than through the integrations
 * feature so that messages stands on its own (as the campaign form does); same org-scoped key.
 */
export const useSenderIntegrations = (orgId: string) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'integrations'),
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/integrations', { params: { path: { orgId } } })),
  });

/** A one-off send; the key is made once per opened form, so a retried submit sends once. */
export const useSendMessage = (orgId: string) =>
  useRefreshingMutation(
    ({ body, idempotencyKey }: { body: SendBody; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/messages', {
          params: { path: { orgId } },
          headers: { 'Idempotency-Key': idempotencyKey },
          body,
        }),
      ),
    orgScopedKey(orgId),
  );
