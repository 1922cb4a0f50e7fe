import { api, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { orgScopedKey } from '@/lib/api/query-keys';

export type MessageAction = 'retry' | 'resend' | 'mark_sent' | 'cancel';

/**
 * `retry` re-sends a failed message; the other three decide on a message whose outcome at the
 * provider is unknown (needs review). One idempotency key per confirmation: a retried click sends
 * once.
 */
export function runMessageAction(
  orgId: string,
  messageId: string,
  action: MessageAction,
  idempotencyKey: string,
  comment?: string,
) {
  const params = { path: { orgId, messageId } };
  if (action === 'retry') {
    return unwrap(
      api.POST('/api/v1/orgs/{orgId}/messages/{messageId}/retry', {
        params,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    );
  }
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/messages/{messageId}/review', {
      params,
      body: { action, ...(comment && { comment }) },
    }),
  );
}

export const useMessageAction = (orgId: string) =>
  useRefreshingMutation(
    (input: {
      messageId: string;
      action: MessageAction;
      idempotencyKey: string;
      comment?: string;
    }) =>
      runMessageAction(orgId, input.messageId, input.action, input.idempotencyKey, input.comment),
    // The message, its campaign's counts and the contact's conversation all change.
    orgScopedKey(orgId),
  );
