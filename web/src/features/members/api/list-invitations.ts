import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import type { paths } from '@/lib/api/schema.gen';
import { memberKeys } from './query-keys';

type InvitationsPage =
  paths['/api/v1/orgs/{orgId}/invitations']['get']['responses'][200]['content']['application/json'];
export type Invitation = InvitationsPage['items'][number];

/** Pending invitations: accepted, revoked and expired ones are history (see the audit log). */
export function listInvitations(orgId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/invitations', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor, status: 'pending' } },
    }),
  );
}

export function invitationsQueryOptions(orgId: string) {
  return pagedQueryOptions(memberKeys.invitations(orgId), (cursor) =>
    listInvitations(orgId, cursor),
  );
}

export function useInvitations(orgId: string) {
  return useInfiniteQuery(invitationsQueryOptions(orgId));
}
