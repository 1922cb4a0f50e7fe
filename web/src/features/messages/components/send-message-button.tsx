import { Button, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
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
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const chosen = integrations.data?.items.find((i) => i.id === integrationId);
  const isEmail = chosen?.provider === 'sendgrid';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!integrationId || !text.trim()) return;
    send.mutate(
      {
        idempotencyKey,
        body: {
          integrationId,
          contactId,
          body: { text, ...(isEmail && subject.trim() && { subject: subject.trim() }) },
        },
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Message queued',
            message: 'It is on its way.',
          });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <FormError message={send.error ? errorMessage(send.error) : null} />
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
          value={integrationId}
          onChange={setIntegrationId}
        />
        {isEmail && (
          <TextInput
            label="Subject"
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
        )}
        <Textarea
          label="Message"
          required
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Button type="submit" loading={send.isPending} disabled={!integrationId || !text.trim()}>
          Send
        </Button>
      </Stack>
    </form>
  );
}
