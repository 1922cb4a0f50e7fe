import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type GroupsPage =
  paths['/api/v1/orgs/{orgId}/groups']['get']['responses'][200]['content']['application/json'];
export type ContactGroup = GroupsPage['items'][number];

/** Groups are few: the first 200 are enough for pickers and the groups page. */
export const groupsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: orgScopedKey(orgId, 'groups'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/groups', {
          params: { path: { orgId }, query: { limit: 200 } },
        }),
      ),
  });

export const useGroups = (orgId: string) => useQuery(groupsQueryOptions(orgId));

function useInvalidate(orgId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId) });
}

export function useCreateGroup(orgId: string) {
  const invalidate = useInvalidate(orgId);
  return useMutation({
    mutationFn: (body: { name: string; description?: string }) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/groups', { params: { path: { orgId } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteGroup(orgId: string) {
  const invalidate = useInvalidate(orgId);
  return useMutation({
    mutationFn: (groupId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/groups/{groupId}', {
          params: { path: { orgId, groupId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useGroupMembership(orgId: string) {
  const invalidate = useInvalidate(orgId);
  return useMutation({
    mutationFn: (input: { groupId: string; contactIds: string[]; remove?: boolean }) =>
      unwrap(
        input.remove
          ? api.POST('/api/v1/orgs/{orgId}/groups/{groupId}/members/remove', {
              params: { path: { orgId, groupId: input.groupId } },
              body: { contactIds: input.contactIds },
            })
          : api.POST('/api/v1/orgs/{orgId}/groups/{groupId}/members', {
              params: { path: { orgId, groupId: input.groupId } },
              body: { contactIds: input.contactIds },
            }),
      ),
    onSuccess: invalidate,
  });
}
