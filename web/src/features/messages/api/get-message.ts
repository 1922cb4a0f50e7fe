import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { messagesKey } from './list-messages';

export type MessageWithEvents =
  paths['/api/v1/orgs/{orgId}/messages/{messageId}']['get']['responses'][200]['content']['application/json'];
export type MessageEvent = MessageWithEvents['events'][number];

export function getMessage(orgId: string, messageId: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/messages/{messageId}', {
      params: { path: { orgId, messageId } },
    }),
  );
}

export const messageQueryOptions = (orgId: string, messageId: string) =>
  queryOptions({
    queryKey: [...messagesKey(orgId), 'one', messageId],
    queryFn: () => getMessage(orgId, messageId),
  });

/** One message with its history; `messageId` null while no message is open. */
export const useMessage = (orgId: string, messageId: string | null) =>
  useQuery({ ...messageQueryOptions(orgId, messageId ?? ''), enabled: messageId !== null });
