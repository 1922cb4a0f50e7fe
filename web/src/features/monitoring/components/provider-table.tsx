import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import type { ProviderHealth } from '../api/types';
import { formatCount, formatMs, formatRate } from './format';
import { HealthBadge } from './health-badge';

type ProviderTableProps = { orgId: string; rows: ProviderHealth[] };

/** Each integration's traffic, failures and latency percentiles over the range. */
export function ProviderTable({ orgId, rows }: ProviderTableProps) {
  const latency = (p: { p50: number | null; p95: number | null; p99: number | null }) => (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {formatMs(p.p50)} / {formatMs(p.p95)} / {formatMs(p.p99)}
    </Text>
  );
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => row.integrationId}
      minWidth={900}
      columns={[
        {
          key: 'name',
          header: 'Integration',
          cell: (row) => (
            <Anchor component={Link} to={`/orgs/${orgId}/integrations`} size="sm" fw={500}>
              {row.name}
            </Anchor>
          ),
        },
        {
          key: 'health',
          header: 'Health',
          cell: (row) => (
            <Stack gap={2} align="flex-start">
              <HealthBadge health={row.health} />
              <Text size="xs" c="dimmed" maw={260}>
                {row.healthDetail}
              </Text>
            </Stack>
          ),
        },
        { key: 'sent', header: 'Sent', align: 'right', cell: (row) => formatCount(row.sent) },
        {
          key: 'failure',
          header: 'Failure rate',
          align: 'right',
          cell: (row) => formatRate(row.failureRate),
        },
        { key: 'send', header: 'Send p50 / p95 / p99', cell: (row) => latency(row.latency.send) },
        {
          key: 'delivery',
          header: 'Delivery p50 / p95 / p99',
          cell: (row) => latency(row.latency.delivery),
        },
        {
          key: 'callback',
          header: 'Last callback',
          cell: (row) =>
            row.lastCallbackAt ? (
              <DateTime value={row.lastCallbackAt} relative />
            ) : (
              <Text size="sm" c="dimmed">
                Never
              </Text>
            ),
        },
      ]}
    />
  );
}
