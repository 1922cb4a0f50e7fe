import { Modal, Select, Text, Textarea } from '@mantine/core';
import { FormActions, FormFrame } from '@/components/form-frame';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useAlertAction } from '../api/alerts';
import type { Alert } from '../api/types';

export type CommentedAction = 'acknowledge' | 'resolve' | 'silence';

const COPY: Record<CommentedAction, { title: string; submit: string; done: string; help: string }> =
  {
    acknowledge: {
      title: 'Acknowledge alert',
      submit: 'Acknowledge',
      done: 'Alert acknowledged',
      help: 'Tell the team you are on it. It stays unresolved until it recovers or someone resolves it.',
    },
    resolve: {
      title: 'Resolve alert',
      submit: 'Resolve',
      done: 'Alert resolved',
      help: 'Close it now. A new breach opens a new alert that links this one.',
    },
    silence: {
      title: 'Silence alert',
      submit: 'Silence',
      done: 'Alert silenced',
      help: 'No notifications and no new alert for this rule and integration until the silence ends.',
    },
  };

const DURATIONS = [
  { value: '3600000', label: '1 hour' },
  { value: '14400000', label: '4 hours' },
  { value: '86400000', label: '24 hours' },
  { value: '604800000', label: '7 days' },
];

type Values = { comment: string; duration: string };

type Props = {
  orgId: string;
  alert: Pick<Alert, 'id' | 'title'>;
  /** The action asked for; null: closed. */
  action: CommentedAction | null;
  onClose: () => void;
};

/** Acknowledge, resolve or silence with an optional comment the timeline keeps. */
export function AlertActionModal({ orgId, alert, action, onClose }: Props) {
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={action ? COPY[action].title : undefined}
    >
      {action && <ActionForm orgId={orgId} alert={alert} action={action} onDone={onClose} />}
    </Modal>
  );
}

function ActionForm({
  orgId,
  alert,
  action,
  onDone,
}: {
  orgId: string;
  alert: Props['alert'];
  action: CommentedAction;
  onDone: () => void;
}) {
  const mutation = useAlertAction(orgId);
  const copy = COPY[action];
  const form = useForm<Values>({
    initialValues: { comment: '', duration: '3600000' },
    validate: {
      comment: (value) =>
        value.trim().length > 2000 ? 'Keep the comment under 2,000 characters.' : null,
    },
  });
  const submit = ({ comment, duration }: Values) =>
    mutation.mutate(
      action === 'silence'
        ? {
            action,
            alertId: alert.id,
            comment,
            until: new Date(Date.now() + Number(duration)).toISOString(),
          }
        : { action, alertId: alert.id, comment },
      {
        onSuccess: () => {
          notifyDone(copy.done, alert.title);
          onDone();
        },
        onError: (error) => form.setServerError(error),
      },
    );
  return (
    <FormFrame form={form} onSubmit={submit} aria-label={copy.title}>
      <Text size="sm">{alert.title}</Text>
      <Text size="sm" c="dimmed">
        {copy.help}
      </Text>
      {action === 'silence' && (
        <Select
          label="Silence for"
          data={DURATIONS}
          allowDeselect={false}
          {...form.getInputProps('duration')}
        />
      )}
      <Textarea
        label="Comment"
        description="Optional. Shown in the alert's timeline with your name."
        autosize
        minRows={2}
        maxRows={6}
        data-autofocus
        {...form.getInputProps('comment')}
      />
      <FormActions submitLabel={copy.submit} pending={mutation.isPending} onCancel={onDone} />
    </FormFrame>
  );
}
