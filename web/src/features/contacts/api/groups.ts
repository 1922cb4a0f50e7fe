import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
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

export const useCreateGroup = (orgId: string) =>
  useRefreshingMutation(
    (body: { name: string; description?: string }) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/groups', { params: { path: { orgId } }, body })),
    orgScopedKey(orgId),
  );

export const useDeleteGroup = (orgId: string) =>
  useRefreshingMutation(
    (groupId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/groups/{groupId}', {
          params: { path: { orgId, groupId } },
        }),
      ),
    orgScopedKey(orgId),
  );

export const useGroupMembership = (orgId: string) =>
  useRefreshingMutation(
    (input: { groupId: string; contactIds: string[]; remove?: boolean }) =>
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
    orgScopedKey(orgId),
  );
