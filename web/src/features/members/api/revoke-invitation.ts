import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { memberKeys } from './query-keys';

export function revokeInvitation(input: { orgId: string; invitationId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', {
      params: { path: { orgId: input.orgId, invitationId: input.invitationId } },
    }),
  );
}

export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation({ orgId, invitationId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations(orgId) }),
  });
}
