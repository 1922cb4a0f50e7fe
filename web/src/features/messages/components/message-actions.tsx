import { Button, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { errorMessage } from '@/lib/api/errors';
import { useMessage } from '../api/get-message';
import { useMessageAction, type MessageAction } from '../api/message-actions';

const CONFIRM: Record<MessageAction, { title: string; label: string; text: string }> = {
  retry: {
    title: 'Send this message again?',
    label: 'Send again',
    text:
      'It is queued, checked against the suppression list again, and counts as sent only once ' +
      'the provider accepts it.',
  },
  resend: {
    title: 'Resend this message?',
    label: 'Resend',
    text:
      'Switchboard could not find out whether the first attempt reached the provider. Resend only ' +
      'if you checked at the provider that it did not go out: otherwise the person gets it twice.',
  },
  mark_sent: {
    title: 'Mark this message as sent?',
    label: 'Mark sent',
    text: 'Use this when you checked at the provider that the first attempt went out.',
  },
  cancel: {
    title: 'Cancel this message?',
    label: 'Cancel message',
    text: 'It will not be sent. The decision is kept in its history.',
  },
};

/** What a person can do about a failed or unconfirmed message, each step confirmed. */
export function MessageActions({ orgId, messageId }: { orgId: string; messageId: string }) {
  const { data: message } = useMessage(orgId, messageId);
  const mutation = useMessageAction(orgId);
  const [pending, setPending] = useState<{ action: MessageAction; key: string } | null>(null);
  const [comment, setComment] = useState('');

  if (!message || message.direction !== 'outbound') return null;
  const available: MessageAction[] =
    message.status === 'failed'
      ? ['retry']
      : message.status === 'needs_review'
        ? ['mark_sent', 'resend', 'cancel']
        : [];
  if (!available.length) return null;

  const open = (action: MessageAction) => {
    mutation.reset();
    setComment('');
    setPending({ action, key: crypto.randomUUID() });
  };
  const close = () => setPending(null);
  const confirm = pending ? CONFIRM[pending.action] : undefined;

  return (
    <>
      {available.map((action) => (
        <Button
          key={action}
          size="xs"
          variant={action === 'cancel' ? 'default' : 'light'}
          onClick={() => open(action)}
        >
          {CONFIRM[action].label}
        </Button>
      ))}
      <ConfirmDialog
        opened={pending !== null}
        title={confirm?.title ?? ''}
        confirmLabel={confirm?.label ?? ''}
        loading={mutation.isPending}
        error={mutation.error ? errorMessage(mutation.error) : null}
        onClose={close}
        onConfirm={() => {
          if (!pending) return;
          mutation.mutate(
            {
              messageId,
              action: pending.action,
              idempotencyKey: pending.key,
              ...(comment.trim() && { comment: comment.trim() }),
            },
            { onSuccess: close },
          );
        }}
      >
        {confirm?.text}
        {pending && pending.action !== 'retry' && (
          <Textarea
            mt="sm"
            label="Comment (kept in the message's history)"
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
          />
        )}
      </ConfirmDialog>
    </>
  );
}
