import { useSeries } from '../api/get-series';
import type { LatencyKind, SeriesMetric } from '../api/types';
import { formatCount, formatMs, formatRate } from './format';
import { SeriesChart } from './series-chart';

export type MetricChartProps = {
  orgId: string;
  title: string;
  description?: string;
  metric: SeriesMetric;
  latency?: LatencyKind;
  integrationId?: string | null;
  /** ISO-8601 instants: the window to chart. */
  from: string;
  to: string;
  tz: string;
};

const FORMAT: Record<SeriesMetric, (value: number | null) => string> = {
  volume: (v) => (v === null ? '—' : formatCount(v)),
  callbacks: (v) => (v === null ? '—' : formatCount(v)),
  rejections: (v) => (v === null ? '—' : formatCount(v)),
  failure_rate: formatRate,
  latency_p50: formatMs,
  latency_p95: formatMs,
  latency_p99: formatMs,
};

/** One metric of one integration over a fixed window (an alert's, say), as monitoring charts it. */
export function MetricChart(props: MetricChartProps) {
  const { orgId, metric, latency, integrationId, from, to, tz } = props;
  const query = useSeries(
    orgId,
    { preset: 'custom', from, to, tz },
    { metric, ...(latency && { latency }), ...(integrationId && { integrationId }) },
  );
  const counts = metric === 'volume' || metric === 'callbacks' || metric === 'rejections';
  return (
    <SeriesChart
      orgId={orgId}
      title={props.title}
      description={props.description}
      query={query}
      kind={counts ? 'stacked-bars' : 'lines'}
      format={FORMAT[metric]}
      domain={metric === 'failure_rate' ? [0, 1] : undefined}
    />
  );
}
