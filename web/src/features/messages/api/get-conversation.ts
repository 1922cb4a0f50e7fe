import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { messagesKey } from './list-messages';

export function getConversation(orgId: string, contactId: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/contacts/{contactId}/conversation', {
      params: { path: { orgId, contactId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

/** Pages go back in time: the first page holds the newest messages. */
export const conversationQueryOptions = (orgId: string, contactId: string) =>
  pagedQueryOptions([...messagesKey(orgId), 'conversation', contactId], (cursor) =>
    getConversation(orgId, contactId, cursor),
  );

export const useConversation = (orgId: string, contactId: string) =>
  useInfiniteQuery(conversationQueryOptions(orgId, contactId));
