import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { memberKeys } from './query-keys';

type InvitationsPath = paths['/api/v1/orgs/{orgId}/invitations']['post'];
export type CreateInvitationInput = InvitationsPath['requestBody']['content']['application/json'];
export type CreatedInvitation = InvitationsPath['responses'][201]['content']['application/json'];

export function createInvitation(orgId: string, input: CreateInvitationInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId } }, body: input }),
  );
}

export const useCreateInvitation = (orgId: string) =>
  useRefreshingMutation(
    (input: CreateInvitationInput) => createInvitation(orgId, input),
    memberKeys.invitations(orgId),
  );
