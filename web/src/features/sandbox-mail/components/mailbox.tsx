import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconInbox, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { EmptyList } from '@/components/empty-list';
import { PagedList } from '@/components/paged-list';
import { QueryState } from '@/components/query-state';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone } from '@/lib/notify';
import { useClearMailbox, useMail, useMailbox, type Mail } from '../api/mailbox';
import { LinkedText } from './linked-text';

/** The mail the sandbox kept, newest first, filtered by recipient; each opens on its own page. */
export function MailboxList() {
  const [to, setTo] = useState('');
  const [debounced] = useDebouncedValue(to.trim(), 300);
  const query = useMailbox(debounced);
  const clear = useClearMailbox();
  const confirm = useConfirmAction({
    mutation: clear,
    variables: () => undefined,
    title: 'Clear the sandbox mailbox?',
    confirmLabel: 'Clear mailbox',
    message: () => 'Every mail in it is deleted. Links in them stay valid until they expire.',
    onDone: () => notifyDone('Mailbox cleared', 'The sandbox mailbox is empty.'),
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="end" wrap="wrap">
        <TextInput
          label="Recipient"
          placeholder="Any recipient"
          type="email"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={{ base: '100%', xs: 320 }}
        />
        <Button
          variant="default"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => confirm.ask(true)}
        >
          Clear mailbox
        </Button>
      </Group>
      <PagedList
        query={query}
        what="mail"
        errorTitle="Could not load the mailbox"
        skeleton={{ rows: 4 }}
        empty={
          <EmptyList
            icon={IconInbox}
            title={debounced ? 'No mail to this address' : 'No mail yet'}
            description="Invitations, password-reset links and email-change confirmations land here while this server runs the sandbox."
          />
        }
        items={(mails) => (
          <Stack
            gap="xs"
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Mail"
          >
            {mails.map((m) => (
              <Paper key={m.id} component="li" withBorder radius="md" p="sm">
                <UnstyledButton component={Link} to={`/sandbox/mail/${m.id}`} w="100%">
                  <Group justify="space-between" wrap="nowrap" gap="sm">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} truncate>
                        {m.subject}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        To {m.to}
                      </Text>
                    </Stack>
                    <DateTime value={m.createdAt} size="xs" />
                  </Group>
                </UnstyledButton>
              </Paper>
            ))}
          </Stack>
        )}
      />
      {confirm.dialog}
    </Stack>
  );
}

/** One mail: who, when, and its text with working links; its HTML version on request. */
export function MailView({ mailId }: { mailId: string }) {
  const query = useMail(mailId);
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/sandbox/mail" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          All mail
        </Group>
      </Anchor>
      <QueryState query={query} what="mail" errorTitle="Could not open this mail">
        {(mail) => <MailBody mail={mail} />}
      </QueryState>
    </Stack>
  );
}

function MailBody({ mail }: { mail: Mail }) {
  const [part, setPart] = useState<'text' | 'html'>('text');
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {mail.subject}
        </Title>
        <Text size="sm" c="dimmed">
          From {mail.from} · To {mail.to} · <DateTime value={mail.createdAt} size="sm" />
        </Text>
        {mail.html && (
          <SegmentedControl
            aria-label="Version"
            value={part}
            onChange={(v) => setPart(v as 'text' | 'html')}
            data={[
              { value: 'text', label: 'Text' },
              { value: 'html', label: 'HTML' },
            ]}
            w="fit-content"
          />
        )}
        {part === 'html' && mail.html ? (
          // No scripts, no same-origin access; links open in a new tab.
          <iframe
            title={`HTML version of ${mail.subject}`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={`<base target="_blank">${mail.html}`}
            style={{ width: '100%', minHeight: 360, border: 0, background: 'white' }}
          />
        ) : (
          <LinkedText text={mail.text} />
        )}
      </Stack>
    </Paper>
  );
}

/** Shown when this server does not keep mail in the sandbox mailbox. */
export function MailboxOff({ mailEnabled }: { mailEnabled: boolean }) {
  return (
    <Alert color="gray" title="The sandbox mailbox is off">
      {mailEnabled
        ? 'This server sends its mail through its configured transport (SMTP or SendGrid), so nothing is kept here.'
        : 'This server does not keep or send mail: no transport is configured.'}
    </Alert>
  );
}
