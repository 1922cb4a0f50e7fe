import { Alert, Anchor, Box, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { ColorSchemeToggle } from '@/components/color-scheme-toggle';
import { MailboxList, MailboxOff, MailView } from '@/features/sandbox-mail';
import { useInstance } from '@/lib/instance';

/**
 * `/sandbox/mail` and `/sandbox/mail/:mailId`: the sandbox mailbox, outside the signed-in shell
 * (a password-reset link is read signed out), for a server that runs the sandbox.
 */
export function SandboxMailPage() {
  const { mailId } = useParams();
  useDocumentTitle('Sandbox mailbox · Switchboard');
  const instance = useInstance();
  const mail = instance.data?.mail;
  return (
    <Box mih="100dvh" py="xl" bg="var(--mantine-color-body)">
      <Container size={820}>
        <Stack gap="lg">
          <Group justify="space-between">
            <Anchor component={Link} to="/" fw={700} fz="lg" underline="never" c="inherit">
              Switchboard
            </Anchor>
            <ColorSchemeToggle />
          </Group>
          <Stack gap={4}>
            <Title order={1}>Sandbox mailbox</Title>
            <Text c="dimmed">
              The mail this server would have sent. None of it left the server, and anyone who can
              reach this server can read it.
            </Text>
          </Stack>
          {instance.isPending ? (
            <Loader aria-label="Loading" />
          ) : instance.isError ? (
            <Alert color="red" title="Could not reach the server">
              Reload the page to try again.
            </Alert>
          ) : !mail?.sandbox ? (
            <MailboxOff mailEnabled={mail?.enabled === true} />
          ) : mailId ? (
            <MailView mailId={mailId} />
          ) : (
            <MailboxList />
          )}
        </Stack>
      </Container>
    </Box>
  );
}
