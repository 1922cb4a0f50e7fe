import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type ConflictsPage =
  paths['/api/v1/orgs/{orgId}/identity-conflicts']['get']['responses'][200]['content']['application/json'];
export type IdentityConflict = ConflictsPage['items'][number];
export type Resolution = NonNullable<IdentityConflict['resolution']>;

export const useConflicts = (
  orgId: string,
  filters: { status: 'open' | 'resolved'; contactId?: string },
) =>
  useInfiniteQuery(
    pagedQueryOptions(orgScopedKey(orgId, 'identity-conflicts', filters), (cursor) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/identity-conflicts', {
          params: { path: { orgId }, query: { ...filters, limit: PAGE_SIZE, cursor } },
        }),
      ),
    ),
  );

export const useResolveConflict = (orgId: string) =>
  useRefreshingMutation(
    (input: { conflictId: string; action: Resolution; targetContactId?: string }) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/identity-conflicts/{conflictId}/resolve', {
          params: { path: { orgId, conflictId: input.conflictId } },
          body: {
            action: input.action,
            ...(input.targetContactId && { targetContactId: input.targetContactId }),
          },
        }),
      ),
    orgScopedKey(orgId),
  );
