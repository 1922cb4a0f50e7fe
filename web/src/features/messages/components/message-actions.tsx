import { Button, Textarea } from '@mantine/core';
import { useConfirmAction } from '@/components/use-confirm-action';
import { useForm } from '@/lib/use-form';
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
  const form = useForm({ initialValues: { comment: '' } });
  const comment = form.values.comment.trim();
  // One idempotency key per confirmation: a retried click acts once.
  const confirm = useConfirmAction({
    mutation: useMessageAction(orgId),
    variables: (pending: { action: MessageAction; key: string }) => ({
      messageId,
      action: pending.action,
      idempotencyKey: pending.key,
      ...(comment && { comment }),
    }),
    title: (pending) => CONFIRM[pending.action].title,
    confirmLabel: (pending) => CONFIRM[pending.action].label,
    message: (pending) => (
      <>
        {CONFIRM[pending.action].text}
        {pending.action !== 'retry' && (
          <Textarea
            mt="sm"
            label="Comment (kept in the message's history)"
            {...form.getInputProps('comment')}
            maxLength={1000}
            autosize
            minRows={2}
          />
        )}
      </>
    ),
  });

  if (!message || message.direction !== 'outbound') return null;
  const available: MessageAction[] =
    message.status === 'failed'
      ? ['retry']
      : message.status === 'needs_review'
        ? ['mark_sent', 'resend', 'cancel']
        : [];
  if (!available.length) return null;

  const open = (action: MessageAction) => {
    form.setFieldValue('comment', '');
    confirm.ask({ action, key: crypto.randomUUID() });
  };

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
      {confirm.dialog}
    </>
  );
}
