import {
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type ContactsPath = paths['/api/v1/orgs/{orgId}/contacts'];
type ContactsPage = ContactsPath['get']['responses'][200]['content']['application/json'];
export type Contact = ContactsPage['items'][number];
export type Identity = Contact['identities'][number];
export type Channel = Identity['channel'];
export type ContactFilters = NonNullable<ContactsPath['get']['parameters']['query']>;
export type CreateContactInput = ContactsPath['post']['requestBody']['content']['application/json'];
type IdentityInput =
  paths['/api/v1/orgs/{orgId}/identities/normalize']['post']['requestBody']['content']['application/json'];

export const contactsKey = (orgId: string) => orgScopedKey(orgId, 'contacts');

export function contactsQueryOptions(
  orgId: string,
  filters: Omit<ContactFilters, 'limit' | 'cursor'>,
) {
  return pagedQueryOptions([...contactsKey(orgId), 'list', filters], (cursor) =>
    unwrap(
      api.GET('/api/v1/orgs/{orgId}/contacts', {
        params: { path: { orgId }, query: { ...filters, limit: PAGE_SIZE, cursor } },
      }),
    ),
  );
}

export const useContacts = (orgId: string, filters: Omit<ContactFilters, 'limit' | 'cursor'>) =>
  useInfiniteQuery(contactsQueryOptions(orgId, filters));

export const contactQueryOptions = (orgId: string, contactId: string) =>
  queryOptions({
    queryKey: [...contactsKey(orgId), 'one', contactId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts/{contactId}', {
          params: { path: { orgId, contactId } },
        }),
      ),
  });

export const useContact = (orgId: string, contactId: string) =>
  useQuery(contactQueryOptions(orgId, contactId));

/** The first 20 contacts matching a search, for pickers. */
export const contactSearchQueryOptions = (orgId: string, query: string) =>
  queryOptions({
    queryKey: [...contactsKey(orgId), 'search', query],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts', {
          params: { path: { orgId }, query: { limit: 20, ...(query && { query }) } },
        }),
      ),
  });

/** Whether a query key names this id anywhere (also inside filter objects). */
const mentions = (key: readonly unknown[], id: string) => JSON.stringify(key).includes(id);

export const useCreateContact = (orgId: string) =>
  useRefreshingMutation(
    (body: CreateContactInput) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/contacts', { params: { path: { orgId } }, body })),
    orgScopedKey(orgId),
  );

export const useUpdateContact = (orgId: string, contactId: string) =>
  useRefreshingMutation(
    (body: { name?: string; attributes?: Record<string, string> }) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{orgId}/contacts/{contactId}', {
          params: { path: { orgId, contactId } },
          body,
        }),
      ),
    orgScopedKey(orgId),
  );

export function useDeleteContact(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/contacts/{contactId}', {
          params: { path: { orgId, contactId } },
        }),
      ),
    // Everything but the deleted contact's own queries: refetching those would only 404.
    onSuccess: (_result, contactId) =>
      queryClient.invalidateQueries({
        queryKey: orgScopedKey(orgId),
        predicate: (q) => !mentions(q.queryKey, contactId),
      }),
  });
}

export const useAddIdentity = (orgId: string, contactId: string) =>
  useRefreshingMutation(
    (body: IdentityInput) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/contacts/{contactId}/identities', {
          params: { path: { orgId, contactId } },
          body,
        }),
      ),
    orgScopedKey(orgId),
  );

export const useRemoveIdentity = (orgId: string, contactId: string) =>
  useRefreshingMutation(
    (identityId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/contacts/{contactId}/identities/{identityId}', {
          params: { path: { orgId, contactId, identityId } },
        }),
      ),
    orgScopedKey(orgId),
  );

/** The server's own normalization, for showing the stored form of a value as it is typed. */
export function normalizeIdentity(orgId: string, body: IdentityInput) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/identities/normalize', { params: { path: { orgId } }, body }),
  );
}

export function useMerge(orgId: string, targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      sourceContactId: string;
      preview: boolean;
      name?: 'target' | 'source';
      attributes?: Record<string, 'target' | 'source'>;
    }) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/contacts/{contactId}/merge', {
          params: { path: { orgId, contactId: targetId } },
          body,
        }),
      ),
    // The merged-away contact is gone: refetching its own queries would only 404.
    onSuccess: (result, body) =>
      result.applied
        ? queryClient.invalidateQueries({
            queryKey: orgScopedKey(orgId),
            predicate: (q) => !mentions(q.queryKey, body.sourceContactId),
          })
        : undefined,
  });
}

export const useMerges = (orgId: string, contactId: string) =>
  useQuery({
    queryKey: [...contactsKey(orgId), 'merges', contactId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts/{contactId}/merges', {
          params: { path: { orgId, contactId } },
        }),
      ),
  });

export const useUnmerge = (orgId: string) =>
  useRefreshingMutation(
    (mergeId: string) =>
      unwrap(
        api.POST('/api/v1/orgs/{orgId}/contact-merges/{mergeId}/undo', {
          params: { path: { orgId, mergeId } },
        }),
      ),
    orgScopedKey(orgId),
  );
