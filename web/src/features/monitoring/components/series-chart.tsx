import '@mantine/charts/styles.css';
import { Box, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { useId, type ReactNode } from 'react';
import { QueryState, type QueryLike } from '@/components/query-state';
import type { MonitoringSeries } from '../api/types';
import { toChartData, hasValues, type ChartRow, type ChartSeries } from './chart-data';
import { formatInstant } from './format';
import { NoDataNotice } from './no-data-notice';

type SeriesChartProps = {
  orgId: string;
  title: string;
  description?: string;
  query: QueryLike<MonitoringSeries>;
  /** Counts stack as bars; rates and latencies are lines with gaps where nothing was sampled. */
  kind: 'stacked-bars' | 'lines';
  format: (value: number | null) => string;
  /** Controls of this chart only (a percentile, send or delivery). */
  controls?: ReactNode;
  /** A fixed value axis (rates: 0–1), instead of one fitted to the data. */
  domain?: [number, number];
};

/**
 * One metric over the range. An empty chart says why (the server's `noData`) instead of a blank
 * frame; the chart's values are also a table for screen readers.
 */
export function SeriesChart(props: SeriesChartProps) {
  const { orgId, title, description, query, kind, format, controls, domain } = props;
  const titleId = useId();
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="start" wrap="wrap" gap="xs">
          <div>
            <Title order={3} size="h5" id={titleId}>
              {title}
            </Title>
            {description && (
              <Text size="xs" c="dimmed">
                {description}
              </Text>
            )}
          </div>
          {controls}
        </Group>
        <QueryState query={query} what={title.toLowerCase()} skeleton={{ rows: 1, height: 220 }}>
          {(data) => {
            if (data.noData) return <NoDataNotice orgId={orgId} noData={data.noData} />;
            if (!hasValues(data)) {
              return (
                <Text size="sm" c="dimmed" ta="center" py="xl">
                  Nothing to chart in this range.
                </Text>
              );
            }
            const { rows, series } = toChartData(data);
            return (
              <ChartFigure
                title={title}
                data={data}
                rows={rows}
                series={series}
                kind={kind}
                format={format}
                domain={domain}
              />
            );
          }}
        </QueryState>
      </Stack>
    </Card>
  );
}

type ChartFigureProps = {
  title: string;
  data: MonitoringSeries;
  rows: ChartRow[];
  series: ChartSeries[];
  kind: SeriesChartProps['kind'];
  format: (value: number | null) => string;
  domain: SeriesChartProps['domain'];
};

function ChartFigure({ title, data, rows, series, kind, format, domain }: ChartFigureProps) {
  const { from, to, tz } = data.range;
  const label = `${title} from ${formatInstant(from, tz)} to ${formatInstant(to, tz)}, ${series
    .map((s) => s.label)
    .join(', ')}`;
  const valueFormatter = (value: number) => format(value);
  const common = {
    h: 240,
    data: rows,
    dataKey: 'bucket',
    series,
    valueFormatter,
    withLegend: series.length > 1,
    legendProps: { verticalAlign: 'bottom' as const, height: 40 },
    yAxisProps: { width: 64, ...(domain && { domain }) },
  };
  return (
    <Box component="figure" m={0} aria-label={label}>
      {kind === 'stacked-bars' ? (
        <BarChart {...common} type="stacked" />
      ) : (
        // connectNulls off: a bucket without a sample is a gap, not a line through it or a 0.
        <LineChart
          {...common}
          connectNulls={false}
          withDots={rows.length <= 60}
          curveType="linear"
        />
      )}
      <VisuallyHidden>
        <Table>
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.t}>
                <th scope="row">{row.bucket}</th>
                {series.map((s) => (
                  <td key={s.name}>{format(row[s.name] as number | null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </VisuallyHidden>
    </Box>
  );
}
