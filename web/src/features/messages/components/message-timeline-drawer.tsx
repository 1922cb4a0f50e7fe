import {
  Alert,
  Anchor,
  Code,
  Drawer,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import { useMessage, type MessageEvent } from '../api/get-message';
import { MessageStatusBadge, statusDescription } from './message-status';
import { channelLabel } from '@/lib/channels';

const SOURCES: Record<string, string> = {
  callback: 'provider callback',
  poll: 'status check at the provider',
  pipeline: 'sending',
  user: 'a person',
  recipient: 'the recipient',
};

/** One history entry in words: what happened, where the news came from. */
function eventTitle(event: MessageEvent): string {
  const type = typeof event.detail.type === 'string' ? event.detail.type.replace('_', ' ') : null;
  switch (event.kind) {
    case 'callback':
      return `Provider reported: ${type ?? 'an update'}`;
    case 'poll':
      return type ? `Checked at the provider: ${type}` : 'Checked at the provider: no answer';
    case 'no_callback':
      return 'No delivery report arrived';
    case 'inbound':
      return 'Received from the contact';
    case 'attempt':
      return 'Send attempt';
    case 'unsubscribed':
      return 'Unsubscribed with the link in this email';
    default:
      return event.kind.replace('_', ' ');
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={180} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children ?? <Text c="dimmed">—</Text>}</Table.Td>
    </Table.Tr>
  );
}

type Props = {
  orgId: string;
  /** The open message; null closes the drawer. */
  messageId: string | null;
  onClose: () => void;
  /**
   * Actions on the open message (retry, review), rendered under the status. Supplied by the
   * sending feature; the log itself only reads.
   */
  actions?: ReactNode;
};

/** A message's status, provider ids, error and safe reason, and its whole history in order. */
export function MessageTimelineDrawer({ orgId, messageId, onClose, actions }: Props) {
  const messageQuery = useMessage(orgId, messageId);
  return (
    <Drawer
      opened={messageId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title="Message"
    >
      <QueryState
        query={messageQuery}
        what="message"
        errorTitle="Could not load this message"
        loading={
          <Stack role="status" aria-label="Loading message">
            <Skeleton height={30} />
            <Skeleton height={160} />
          </Stack>
        }
      >
        {(message) => (
          <Stack gap="lg">
            <Stack gap={4}>
              <Group gap="xs">
                <MessageStatusBadge status={message.status} />
                <Text size="sm">
                  {message.direction === 'inbound' ? 'From' : 'To'} {message.address ?? 'unknown'} ·{' '}
                  {channelLabel(message.channel)}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {statusDescription(message.status)}
              </Text>
            </Stack>
            {message.reason && (
              <Alert
                color={
                  message.status === 'failed' || message.status === 'bounced' ? 'red' : 'yellow'
                }
                icon={<IconInfoCircle size={18} />}
                title="Why"
              >
                {message.reason}
              </Alert>
            )}
            {/* Retry / review actions for this message go here (see `actions`). */}
            {actions && <Group>{actions}</Group>}
            {message.content?.text && (
              <Text
                size="sm"
                style={{ whiteSpace: 'pre-wrap' }}
                bg="var(--mantine-color-default-hover)"
                p="sm"
              >
                {message.content.subject && (
                  <strong>
                    {message.content.subject}
                    {'\n'}
                  </strong>
                )}
                {message.content.text}
              </Text>
            )}
            <Table>
              <Table.Tbody>
                <Fact label="Provider message id">
                  {message.providerMessageId && <Code>{message.providerMessageId}</Code>}
                </Fact>
                <Fact label="Provider error code">
                  {message.providerErrorCode && <Code>{message.providerErrorCode}</Code>}
                </Fact>
                <Fact label="Reason code">
                  {message.reasonCode && <Code>{message.reasonCode}</Code>}
                </Fact>
                <Fact label={message.direction === 'inbound' ? 'Received' : 'Sent'}>
                  {message.sentAt && <DateTime value={message.sentAt} />}
                </Fact>
                {message.direction === 'outbound' && (
                  <Fact label="Delivered">
                    {message.deliveredAt && <DateTime value={message.deliveredAt} />}
                  </Fact>
                )}
                <Fact label="Contact">
                  {message.contactId && (
                    <Anchor component={Link} to={`/orgs/${orgId}/contacts/${message.contactId}`}>
                      Open contact
                    </Anchor>
                  )}
                </Fact>
              </Table.Tbody>
            </Table>
            <Stack gap="xs">
              <Title order={4}>History</Title>
              {message.events.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing recorded yet.
                </Text>
              ) : (
                <Timeline active={message.events.length - 1} bulletSize={14} lineWidth={2}>
                  {message.events.map((event) => (
                    <Timeline.Item key={event.id} title={eventTitle(event)}>
                      <Group gap="xs">
                        <DateTime value={event.occurredAt} size="xs" />
                        <Text size="xs" c="dimmed">
                          via {SOURCES[event.source] ?? event.source}
                        </Text>
                        <MessageStatusBadge status={event.status} />
                      </Group>
                      {typeof event.detail.errorCode === 'string' && (
                        <Text size="xs" c="dimmed">
                          Error code <Code>{event.detail.errorCode}</Code>
                        </Text>
                      )}
                    </Timeline.Item>
                  ))}
                </Timeline>
              )}
            </Stack>
          </Stack>
        )}
      </QueryState>
    </Drawer>
  );
}
