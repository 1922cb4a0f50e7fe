import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
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

export function useUpdateMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; role: Role }) => updateMemberRole({ orgId, ...input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: memberKeys.list(orgId) }),
  });
}
