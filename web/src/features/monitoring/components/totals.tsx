import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { MonitoringOverview } from '../api/types';
import { formatCount, formatMs, formatRate } from './format';

type Stat = { label: string; value: string; hint?: string };

/** Delivered ÷ sent, or null when nothing was sent. */
export function deliveryRate(totals: MonitoringOverview['totals']): number | null {
  return totals.sent ? Math.min(1, totals.delivered / totals.sent) : null;
}

/** The range in a few numbers: volume, delivery and failure rates, delivery latency. */
export function OverviewTotals({ overview }: { overview: MonitoringOverview }) {
  const { totals, latency } = overview;
  const stats: Stat[] = [
    { label: 'Sent', value: formatCount(totals.sent) },
    {
      label: 'Delivered',
      value: formatCount(totals.delivered),
      hint: `${formatRate(deliveryRate(totals))} of sent`,
    },
    {
      label: 'Failure rate',
      value: formatRate(overview.failureRate),
      hint: `${formatCount(totals.failed)} failed, ${formatCount(totals.bounced)} bounced`,
    },
    {
      label: 'Delivery latency p50',
      value: formatMs(latency.delivery.p50),
      hint: `p95 ${formatMs(latency.delivery.p95)}`,
    },
    {
      label: 'Send latency p50',
      value: formatMs(latency.send.p50),
      hint: `p95 ${formatMs(latency.send.p95)}`,
    },
    {
      label: 'Callbacks',
      value: formatCount(totals.callbacks),
      hint: `${formatCount(totals.rejected)} rejected`,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {stats.map((stat) => (
        <Paper
          key={stat.label}
          withBorder
          p="sm"
          radius="md"
          role="group"
          aria-label={`${stat.label}: ${stat.value}`}
        >
          <Text size="xs" c="dimmed" fw={500}>
            {stat.label}
          </Text>
          <Text fw={700} size="lg">
            {stat.value}
          </Text>
          {stat.hint && (
            <Text size="xs" c="dimmed">
              {stat.hint}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
