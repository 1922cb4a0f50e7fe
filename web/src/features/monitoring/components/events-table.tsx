import { Anchor, Badge, Group, Select, Stack, Text } from '@mantine/core';
import { IconActivity } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyList } from '@/components/empty-list';
import { PagedTable } from '@/components/paged-table';
import { channelLabel } from '@/lib/channels';
import { useEvents } from '../api/list-events';
import type { RangeSelection } from '@/lib/date-range';
import type { EventFilter, ProviderEvent, ProviderHealth } from '../api/types';
import { formatInstant, formatMs } from './format';

/** `provider_events.kind` and `.outcome`, in words. */
const KINDS: Record<string, string> = {
  send: 'Send',
  status_fetch: 'Status check',
  connection_test: 'Connection test',
  webhook_register: 'Webhook registration',
  delivery: 'Delivery report',
  callback: 'Callback',
  webhook_rejected: 'Rejected callback',
};
const OUTCOMES: Record<string, { label: string; color: string }> = {
  ok: { label: 'OK', color: 'teal' },
  accepted: { label: 'Accepted', color: 'teal' },
  duplicate: { label: 'Duplicate', color: 'gray' },
  retryable: { label: 'Retryable error', color: 'yellow' },
  rate_limited: { label: 'Rate limited', color: 'yellow' },
  ambiguous: { label: 'Ambiguous', color: 'grape' },
  permanent: { label: 'Permanent error', color: 'red' },
  rejected: { label: 'Rejected', color: 'red' },
  unverified: { label: 'Unverified', color: 'orange' },
  logged: { label: 'Logged, not verified', color: 'orange' },
  delivered: { label: 'Delivered', color: 'teal' },
  bounced: { label: 'Bounced', color: 'orange' },
  failed: { label: 'Failed', color: 'red' },
};
const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

type EventsTableProps = {
  orgId: string;
  range: RangeSelection;
  filter: EventFilter;
  onFilterChange: (changes: Partial<Record<keyof EventFilter, string | null>>) => void;
  integrations: Pick<ProviderHealth, 'integrationId' | 'name'>[];
};

/** Every provider interaction in the range, newest first, each linking to its message. */
export function EventsTable({
  orgId,
  range,
  filter,
  onFilterChange,
  integrations,
}: EventsTableProps) {
  const query = useEvents(orgId, range, filter);
  const filtered = Object.keys(filter).length > 0;
  return (
    <Stack>
      <Group align="end" gap="sm" wrap="wrap">
        <Select
          label="Kind"
          placeholder="Any kind"
          data={options(KINDS)}
          value={filter.kind ?? null}
          onChange={(kind) => onFilterChange({ kind })}
          clearable
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label="Outcome"
          placeholder="Any outcome"
          data={Object.entries(OUTCOMES).map(([value, o]) => ({ value, label: o.label }))}
          value={filter.outcome ?? null}
          onChange={(outcome) => onFilterChange({ outcome })}
          clearable
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label="Integration"
          placeholder="Any integration"
          data={integrations.map((i) => ({ value: i.integrationId, label: i.name }))}
          value={filter.integrationId ?? null}
          onChange={(integrationId) => onFilterChange({ integrationId })}
          clearable
          w={{ base: '100%', xs: 240 }}
        />
      </Group>
      <PagedTable
        query={query}
        what="provider events"
        skeleton={{ rows: 4 }}
        moreErrorTitle="Could not load more events"
        minWidth={860}
        dense
        columns={[
          {
            key: 'time',
            header: 'Time',
            cell: (e: ProviderEvent) => (
              <Text component="time" dateTime={e.occurredAt} size="sm">
                {formatInstant(e.occurredAt, range.tz)}
              </Text>
            ),
          },
          {
            key: 'integration',
            header: 'Integration',
            cell: (e) => e.integrationName ?? e.provider,
          },
          {
            key: 'channel',
            header: 'Channel',
            cell: (e) => (e.channel ? channelLabel(e.channel) : '—'),
          },
          { key: 'kind', header: 'Kind', cell: (e) => KINDS[e.kind] ?? e.kind },
          {
            key: 'outcome',
            header: 'Outcome',
            cell: (e) => {
              const outcome = OUTCOMES[e.outcome];
              return (
                <Badge variant="light" color={outcome?.color ?? 'gray'}>
                  {outcome?.label ?? e.outcome}
                </Badge>
              );
            },
          },
          {
            key: 'latency',
            header: 'Latency',
            align: 'right',
            cell: (e) => formatMs(e.latencyMs),
          },
          {
            key: 'error',
            header: 'Error code',
            cell: (e) => (
              <Text
                size="sm"
                c={e.errorCode ? undefined : 'dimmed'}
                ff={e.errorCode ? 'monospace' : undefined}
              >
                {e.errorCode ?? '—'}
              </Text>
            ),
          },
          {
            key: 'message',
            header: 'Message',
            cell: (e) =>
              e.messageId ? (
                <Anchor
                  component={Link}
                  to={`/orgs/${orgId}/messages?message=${e.messageId}`}
                  size="sm"
                  aria-label={`Open message (${KINDS[e.kind] ?? e.kind}, ${formatInstant(e.occurredAt, range.tz)})`}
                >
                  Open message
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ),
          },
        ]}
        empty={
          <EmptyList
            icon={IconActivity}
            title={filtered ? 'No matching events' : 'No provider events in this range'}
            description={
              filtered
                ? 'Nothing matches these filters in this range.'
                : 'Sends, status checks and callbacks appear here as they happen.'
            }
          />
        }
      />
    </Stack>
  );
}
