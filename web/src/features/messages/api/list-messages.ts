import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type MessagesPath = paths['/api/v1/orgs/{orgId}/messages']['get'];
type MessagesPage = MessagesPath['responses'][200]['content']['application/json'];
export type Message = MessagesPage['items'][number];
export type MessageStatus = Message['status'];
export type MessageChannel = Message['channel'];
export type MessageFilter = Omit<
  NonNullable<MessagesPath['parameters']['query']>,
  'limit' | 'cursor'
>;

export const messagesKey = (orgId: string) => orgScopedKey(orgId, 'messages');

export function listMessages(orgId: string, filter: MessageFilter, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/messages', {
      params: { path: { orgId }, query: { ...filter, limit: PAGE_SIZE, cursor } },
    }),
  );
}

export function messagesQueryOptions(orgId: string, filter: MessageFilter) {
  return pagedQueryOptions([...messagesKey(orgId), 'list', filter], (cursor) =>
    listMessages(orgId, filter, cursor),
  );
}

export function useMessages(orgId: string, filter: MessageFilter) {
  // Keep the previous results on screen while a new filter loads.
  return useInfiniteQuery({
    ...messagesQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
  });
}
