import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { memberKeys } from './query-keys';

export function removeMember(input: { orgId: string; userId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId: input.orgId, userId: input.userId } },
    }),
  );
}

export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember({ orgId, userId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.list(orgId) }),
  });
}
