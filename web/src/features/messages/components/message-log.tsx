import {
  Anchor,
  Button,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyList } from '@/components/empty-list';
import { dateColumn, PagedTable } from '@/components/paged-table';
import { useMessages, type Message, type MessageFilter } from '../api/list-messages';
import { MESSAGE_STATUS_OPTIONS, MessageStatusBadge } from './message-status';
import { MessageTimelineDrawer } from './message-timeline-drawer';
import { CHANNEL_OPTIONS, channelLabel } from '@/lib/channels';
import { getDisplayTimeZone } from '@/lib/format';

const FILTER_KEYS = ['status', 'channel', 'direction', 'from', 'to', 'campaignId', 'contactId'];

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

type Props = {
  orgId: string;
  /** Actions for the open message in the drawer (retry, review), from the sending feature. */
  renderActions?: (messageId: string) => ReactNode;
};

/**
 * The message log: filters (kept in the URL so a view can be shared and survives reloads), the
 * newest messages first, and a drawer with one message's history (`?message=<id>`).
 */
export function MessageLog({ orgId, renderActions }: Props) {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? '';
  const set = (changes: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const from = get('from');
  const to = get('to');
  const filter: MessageFilter = {
    ...(get('status') && { status: get('status') as MessageFilter['status'] }),
    ...(get('channel') && { channel: get('channel') as MessageFilter['channel'] }),
    ...(get('direction') && { direction: get('direction') as MessageFilter['direction'] }),
    ...(get('campaignId') && { campaignId: get('campaignId') }),
    ...(get('contactId') && { contactId: get('contactId') }),
    // Dates are days where the user is; the "to" day is included.
    ...(from && { from }),
    ...(to && { to: nextDay(to) }),
    // The zone dates are shown in: the user's, else the org's default, else the browser's.
    ...((from || to) && { tz: getDisplayTimeZone() }),
  };
  const filtered = FILTER_KEYS.some((key) => params.has(key));
  const query = useMessages(orgId, filter);
  const openId = params.get('message');

  const filters = (
    <Group align="end" gap="sm" wrap="wrap">
      <Select
        label="Status"
        placeholder="Any status"
        data={MESSAGE_STATUS_OPTIONS}
        value={get('status') || null}
        onChange={(value) => set({ status: value })}
        clearable
        w={170}
      />
      <Select
        label="Channel"
        placeholder="Any channel"
        data={CHANNEL_OPTIONS}
        value={get('channel') || null}
        onChange={(value) => set({ channel: value })}
        clearable
        w={150}
      />
      <Select
        label="Direction"
        placeholder="Both"
        data={[
          { value: 'outbound', label: 'Sent by us' },
          { value: 'inbound', label: 'Received' },
        ]}
        value={get('direction') || null}
        onChange={(value) => set({ direction: value })}
        clearable
        w={150}
      />
      <TextInput
        label="From"
        type="date"
        value={from}
        onChange={(e) => set({ from: e.currentTarget.value })}
        w={160}
      />
      <TextInput
        label="To"
        type="date"
        value={to}
        onChange={(e) => set({ to: e.currentTarget.value })}
        w={160}
      />
      {filtered && (
        <Button
          variant="subtle"
          onClick={() => set(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );

  const body = (
    <PagedTable
      query={query}
      what="messages"
      skeleton={{ rows: 4 }}
      moreErrorTitle="Could not load more messages"
      minWidth={820}
      dense
      columns={[
        dateColumn<Message>('time', 'Time', (m) => m.createdAt, { exact: true }),
        { key: 'channel', header: 'Channel', cell: (m) => channelLabel(m.channel) },
        {
          key: 'address',
          header: 'To / from',
          cell: (m) => (
            <Text size="sm">
              {m.direction === 'inbound' ? '← ' : '→ '}
              {m.contactId ? (
                <Anchor component={Link} to={`/orgs/${orgId}/contacts/${m.contactId}`}>
                  {m.address ?? 'contact'}
                </Anchor>
              ) : (
                (m.address ?? '—')
              )}
            </Text>
          ),
        },
        { key: 'status', header: 'Status', cell: (m) => <MessageStatusBadge status={m.status} /> },
        {
          key: 'reason',
          header: 'Reason',
          cell: (m) => (
            <Text size="sm" c={m.reason ? undefined : 'dimmed'} lineClamp={2} maw={280}>
              {m.reason ?? '—'}
            </Text>
          ),
        },
        {
          key: 'details',
          header: <VisuallyHidden>Details</VisuallyHidden>,
          align: 'right',
          cell: (m) => (
            <Button size="xs" variant="default" onClick={() => set({ message: m.id })}>
              History
            </Button>
          ),
        },
      ]}
      empty={
        <EmptyList
          icon={IconMessages}
          title={filtered ? 'No matching messages' : 'No messages yet'}
          description={
            filtered
              ? 'Nothing matches these filters.'
              : 'Messages you send and messages contacts send you appear here, with every status update.'
          }
        />
      }
    />
  );

  return (
    <Stack>
      {filters}
      {body}
      <MessageTimelineDrawer
        orgId={orgId}
        messageId={openId}
        onClose={() => set({ message: null })}
        actions={openId && renderActions ? renderActions(openId) : undefined}
      />
    </Stack>
  );
}
