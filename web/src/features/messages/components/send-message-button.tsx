import { Button, Modal, Select, Textarea, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { FormFrame } from '@/components/form-frame';
import { errorMessage } from '@/lib/api/errors';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useSendMessage, useSenderIntegrations } from '../api/send-message';

type Props = { orgId: string; contactId: string };

/**
 * A one-off message to a contact, written on the spot: the integration decides the channel, the
 * contact's identity on it is the address. The server checks suppression like any other send.
 */
export function SendMessageButton({ orgId, contactId }: Props) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconSend size={16} />}
        onClick={() => setOpened(true)}
        style={{ alignSelf: 'flex-start' }}
      >
        Send a message
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Send a message">
        <SendMessageForm orgId={orgId} contactId={contactId} onDone={() => setOpened(false)} />
      </Modal>
    </>
  );
}

function SendMessageForm({
  orgId,
  contactId,
  onDone,
}: {
  orgId: string;
  contactId: string;
  onDone: () => void;
}) {
  const integrations = useSenderIntegrations(orgId);
  const send = useSendMessage(orgId);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useForm({
    initialValues: { integrationId: null as string | null, subject: '', text: '' },
  });
  const { integrationId, text } = form.values;
  const chosen = integrations.data?.items.find((i) => i.id === integrationId);
  const isEmail = chosen?.provider === 'sendgrid';
  const ready = integrationId !== null && text.trim() !== '';

  const submit = (values: typeof form.values) => {
    if (!values.integrationId || !values.text.trim()) return;
    const subject = values.subject.trim();
    send.mutate(
      {
        idempotencyKey,
        body: {
          integrationId: values.integrationId,
          contactId,
          body: { text: values.text, ...(isEmail && subject && { subject }) },
        },
      },
      {
        onSuccess: () => {
          notifyDone('Message queued', 'It is on its way.');
          onDone();
        },
        onError: (error) => form.setFormError(errorMessage(error)),
      },
    );
  };

  return (
    <FormFrame form={form} onSubmit={submit}>
      <Select
        label="Integration"
        description="The provider account it goes through; it decides the channel."
        placeholder={integrations.isPending ? 'Loading…' : 'Choose an integration'}
        required
        data-autofocus
        data={(integrations.data?.items ?? []).map((i) => ({
          value: i.id,
          label: i.name,
          disabled: i.status === 'disabled',
        }))}
        {...form.getInputProps('integrationId')}
      />
      {isEmail && <TextInput label="Subject" {...form.getInputProps('subject')} />}
      <Textarea label="Message" required autosize minRows={3} {...form.getInputProps('text')} />
      <Button type="submit" loading={send.isPending} disabled={!ready}>
        Send
      </Button>
    </FormFrame>
  );
}
