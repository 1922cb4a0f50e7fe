import { orgScopedKey } from '@/lib/api/query-keys';

export const memberKeys = {
  list: (orgId: string) => orgScopedKey(orgId, 'members'),
  invitations: (orgId: string) => orgScopedKey(orgId, 'invitations'),
  invitationPreview: (token: string) => ['invitations', token] as const,
};
