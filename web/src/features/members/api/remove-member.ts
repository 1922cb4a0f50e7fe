import { api, expectNoContent } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { memberKeys } from './query-keys';

export function removeMember(input: { orgId: string; userId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId: input.orgId, userId: input.userId } },
    }),
  );
}

export const useRemoveMember = (orgId: string) =>
  useRefreshingMutation(
    (userId: string) => removeMember({ orgId, userId }),
    memberKeys.list(orgId),
  );
