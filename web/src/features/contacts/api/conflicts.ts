import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { nextPageCursor, PAGE_SIZE } from '@/lib/api/pagination';
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
    infiniteQueryOptions({
      queryKey: orgScopedKey(orgId, 'identity-conflicts', filters),
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{orgId}/identity-conflicts', {
            params: { path: { orgId }, query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } },
          }),
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextPageCursor,
    }),
  );

export function useResolveConflict(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conflictId: string; action: Resolution; targetContactId?: string }) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/identity-conflicts/{conflictId}/resolve', {
          params: { path: { orgId, conflictId: input.conflictId } },
          body: {
            action: input.action,
            ...(input.targetContactId && { targetContactId: input.targetContactId }),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId) }),
  });
}
