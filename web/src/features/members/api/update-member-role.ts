import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { Role } from '@/lib/roles';
import { memberKeys } from './query-keys';

export function updateMemberRole(input: { orgId: string; userId: string; role: Role }) {
  return unwrap(
    api.PATCH('/api/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId: input.orgId, userId: input.userId } },
      body: { role: input.role },
    }),
  );
}

export const useUpdateMemberRole = (orgId: string) =>
  useRefreshingMutation(
    (input: { userId: string; role: Role }) => updateMemberRole({ orgId, ...input }),
    memberKeys.list(orgId),
    { always: true },
  );
