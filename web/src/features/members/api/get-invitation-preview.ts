import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { memberKeys } from './query-keys';

export type InvitationPreview =
  paths['/api/v1/invitations/{token}']['get']['responses'][200]['content']['application/json'];

export function getInvitationPreview(token: string) {
  return unwrap(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } }));
}

export function invitationPreviewQueryOptions(token: string) {
  return queryOptions({
    queryKey: memberKeys.invitationPreview(token),
    queryFn: () => getInvitationPreview(token),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery(invitationPreviewQueryOptions(token));
}
