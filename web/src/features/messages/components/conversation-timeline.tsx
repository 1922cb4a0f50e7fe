import {
  Box,
  Button,
  Card,
  Center,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { QueryState } from '@/components/query-state';
import { flattenPages } from '@/lib/api/pagination';
import { useConversation } from '../api/get-conversation';
import { MessageStatusBadge } from './message-status';
import { MessageTimelineDrawer } from './message-timeline-drawer';
import { channelLabel } from '@/lib/channels';

type Props = { orgId: string; contactId: string };

/**
 * A contact's conversation: what they sent us on the left, what we sent them on the right with
 * its status, oldest at the top. Earlier messages load on demand; a bubble opens its history.
 */
export function ConversationTimeline({ orgId, contactId }: Props) {
  const query = useConversation(orgId, contactId);
  const [openId, setOpenId] = useState<string | null>(null);

  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Conversation
      </Title>
      <QueryState
        query={query}
        what="conversation"
        errorTitle="Could not load the conversation"
        isEmpty={(data) => flattenPages(data).length === 0}
        empty={
          <Text size="sm" c="dimmed">
            No messages with this contact yet.
          </Text>
        }
      >
        {(data) => (
          <Stack gap="sm">
            {query.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  size="xs"
                  loading={query.isFetchingNextPage}
                  onClick={() => void query.fetchNextPage()}
                >
                  Show earlier messages
                </Button>
              </Center>
            )}
            {query.isFetchNextPageError && (
              <ErrorState title="Could not load earlier messages" error={query.error} />
            )}
            {flattenPages(data)
              .toReversed()
              .map((m) => {
                const inbound = m.direction === 'inbound';
                return (
                  <Group key={m.id} justify={inbound ? 'flex-start' : 'flex-end'}>
                    <Paper
                      component="button"
                      type="button"
                      onClick={() => setOpenId(m.id)}
                      withBorder
                      p="sm"
                      maw="75%"
                      radius="md"
                      bg={
                        inbound
                          ? 'var(--mantine-color-default-hover)'
                          : 'var(--mantine-primary-color-light)'
                      }
                      style={{
                        textAlign: 'left',
                        cursor: 'pointer',
                        font: 'inherit',
                        color: 'inherit',
                      }}
                    >
                      {/* In the name before the text it shows (WCAG 2.5.3: not an aria-label over it). */}
                      <VisuallyHidden>
                        {`${inbound ? 'Received' : 'Sent'} ${channelLabel(m.channel)} message, show history:`}
                      </VisuallyHidden>
                      <Stack gap={4}>
                        {m.content?.subject && (
                          <Text size="sm" fw={600}>
                            {m.content.subject}
                          </Text>
                        )}
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                          {m.content?.text ?? <Box component="em">(no text)</Box>}
                        </Text>
                        <Group gap="xs" justify={inbound ? 'flex-start' : 'flex-end'}>
                          <DateTime value={m.sentAt ?? m.createdAt} size="xs" />
                          <Text size="xs" c="dimmed">
                            {channelLabel(m.channel)}
                          </Text>
                          {!inbound && <MessageStatusBadge status={m.status} />}
                        </Group>
                      </Stack>
                    </Paper>
                  </Group>
                );
              })}
          </Stack>
        )}
      </QueryState>
      <MessageTimelineDrawer orgId={orgId} messageId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}
