import { Alert, Card, Group, SegmentedControl, Select, Stack, Switch, Title } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '@/components/query-state';
import { useOverview } from '../api/get-overview';
import { useSeries } from '../api/get-series';
import { EventsTable } from './events-table';
import { formatCount, formatMs, formatRate } from './format';
import { NoDataNotice } from './no-data-notice';
import { ProviderTable } from './provider-table';
import { rangeErrorMessage } from '@/lib/range-error';
import { RangePicker } from '@/components/range-picker';
import { SeriesChart } from './series-chart';
import { OverviewTotals } from './totals';
import { useMonitoringView, type ChartGroupBy } from './use-monitoring-view';

const GROUP_OPTIONS: { value: ChartGroupBy; label: string }[] = [
  { value: 'provider', label: 'Provider' },
  { value: 'channel', label: 'Channel' },
  { value: 'integration', label: 'Integration' },
];
type Percentile = 'p50' | 'p95' | 'p99';

const count = (value: number | null) => (value === null ? '—' : formatCount(value));

/**
 * Provider health over a range: totals, volume by outcome, failure rate and latency charts, the
 * per-integration table and the provider events. The view lives in the URL; everything refreshes
 * every 30 s while the tab is visible.
 */
export function MonitoringDashboard({ orgId }: { orgId: string }) {
  const view = useMonitoringView();
  const { range, groupBy, latency } = view;
  const [percentile, setPercentile] = useState<Percentile>('p95');
  const overview = useOverview(orgId, range);
  const volume = useSeries(orgId, range, { metric: 'volume', groupBy: 'outcome' });
  const failureRate = useSeries(orgId, range, { metric: 'failure_rate', groupBy });
  const latencySeries = useSeries(orgId, range, {
    metric: `latency_${percentile}`,
    groupBy,
    latency,
  });
  // Every view asks with the same range: the overview's refusal stands for all of them.
  const rangeError = rangeErrorMessage(overview.error);

  return (
    <Stack gap="lg">
      <Card withBorder padding="md" radius="md">
        <Group align="end" justify="space-between" gap="md" wrap="wrap">
          <RangePicker value={range} onChange={view.setRange} error={rangeError} />
          <Select
            label="Group charts by"
            data={GROUP_OPTIONS}
            value={groupBy}
            onChange={(value) => value && view.setGroupBy(value as ChartGroupBy)}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
      </Card>
      {rangeError ? (
        <Alert color="gray" title="Nothing to show for this range">
          Fix the range above to see the charts and events.
        </Alert>
      ) : (
        <>
          <QueryState query={overview} what="the overview" skeleton={{ rows: 1, height: 72 }}>
            {(data) => (
              <Stack gap="sm">
                <OverviewTotals overview={data} />
                {data.noData && (
                  <Card withBorder radius="md" padding="xs">
                    <NoDataNotice orgId={orgId} noData={data.noData} />
                  </Card>
                )}
              </Stack>
            )}
          </QueryState>
          <SeriesChart
            orgId={orgId}
            title="Volume by outcome"
            description="Send attempts per interval, stacked by what the provider answered."
            query={volume}
            kind="stacked-bars"
            format={count}
          />
          <SeriesChart
            orgId={orgId}
            title="Failure rate"
            description="Failed ÷ attempted sends; gaps where nothing was attempted."
            query={failureRate}
            kind="lines"
            format={formatRate}
            domain={[0, 1]}
          />
          <SeriesChart
            orgId={orgId}
            title={`${latency === 'delivery' ? 'Delivery' : 'Send'} latency ${percentile}`}
            description={
              latency === 'delivery'
                ? 'From the provider accepting a message to its delivery report.'
                : 'How long the provider’s API took to answer a send.'
            }
            query={latencySeries}
            kind="lines"
            format={formatMs}
            controls={
              <Group gap="sm" wrap="wrap">
                <SegmentedControl
                  aria-label="Percentile"
                  size="xs"
                  data={['p50', 'p95', 'p99']}
                  value={percentile}
                  onChange={(value) => setPercentile(value as Percentile)}
                />
                <Switch
                  label="Delivery latency"
                  checked={latency === 'delivery'}
                  onChange={(e) => view.setLatency(e.currentTarget.checked ? 'delivery' : 'send')}
                />
              </Group>
            }
          />
          <Stack gap="sm" component="section" aria-labelledby="monitoring-providers">
            <Title order={2} size="h4" id="monitoring-providers">
              Integrations
            </Title>
            <QueryState query={overview} what="the integrations" skeleton={{ rows: 2 }}>
              {(data) =>
                data.byProvider.length ? (
                  <ProviderTable orgId={orgId} rows={data.byProvider} />
                ) : (
                  <NoDataNotice
                    orgId={orgId}
                    noData={
                      data.noData ?? {
                        reason: 'no_integrations',
                        detail: 'No integration is connected yet.',
                        integrationId: null,
                      }
                    }
                  />
                )
              }
            </QueryState>
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="monitoring-events">
            <Title order={2} size="h4" id="monitoring-events">
              Provider events
            </Title>
            <EventsTable
              orgId={orgId}
              range={range}
              filter={view.eventFilter}
              onFilterChange={view.setEventFilter}
              integrations={overview.data?.byProvider ?? []}
            />
          </Stack>
        </>
      )}
    </Stack>
  );
}
