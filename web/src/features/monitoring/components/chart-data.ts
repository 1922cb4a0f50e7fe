import type { MonitoringSeries } from '../api/types';
import { formatBucket } from './format';

/** Outcomes keep their meaning's colour whichever order the server lists them in. */
const OUTCOME_COLORS: Record<string, string> = {
  delivered: 'teal.6',
  ok: 'teal.6',
  accepted: 'teal.6',
  read: 'green.7',
  sent: 'blue.6',
  queued: 'gray.5',
  failed: 'red.6',
  permanent: 'red.6',
  bounced: 'orange.6',
  rejected: 'pink.6',
  retryable: 'yellow.6',
  rate_limited: 'yellow.7',
  ambiguous: 'grape.6',
};
const PALETTE = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'indigo.6',
];

export type ChartSeries = { name: string; label: string; color: string };
export type ChartRow = { t: string; bucket: string } & Record<string, number | null | string>;

/**
 * The chart's rows, one per bucket, with one column per series. A bucket without a sample stays
 * `null` (the chart draws a gap, not a drop to zero); series are named `s0`, `s1`… because
 * recharts reads a dotted key as a path.
 */
export function toChartData(data: MonitoringSeries): { rows: ChartRow[]; series: ChartSeries[] } {
  const { granularity, tz } = data.range;
  const series = data.series.map((s, i) => ({
    name: `s${i}`,
    label: s.label,
    color: OUTCOME_COLORS[s.key] ?? PALETTE[i % PALETTE.length]!,
  }));
  const byTime = data.series.map((s) => new Map(s.points.map((p) => [p.t, p.value])));
  const rows = data.buckets.map((t) => {
    const row: ChartRow = { t, bucket: formatBucket(t, granularity, tz) };
    byTime.forEach((values, i) => {
      row[`s${i}`] = values.get(t) ?? null;
    });
    return row;
  });
  return { rows, series };
}

/** Whether any bucket of any series has a sample (a 0 % failure rate or 0 ms is one). */
export const hasValues = (data: MonitoringSeries) =>
  data.series.some((s) => s.points.some((p) => p.value !== null && p.count > 0));
