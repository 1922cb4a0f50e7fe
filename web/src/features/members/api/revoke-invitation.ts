import { api, expectNoContent } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { memberKeys } from './query-keys';

export function revokeInvitation(input: { orgId: string; invitationId: string }) {
  return expectNoContent(
    api.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', {
      params: { path: { orgId: input.orgId, invitationId: input.invitationId } },
    }),
  );
}

export const useRevokeInvitation = (orgId: string) =>
  useRefreshingMutation(
    (invitationId: string) => revokeInvitation({ orgId, invitationId }),
    memberKeys.invitations(orgId),
  );
