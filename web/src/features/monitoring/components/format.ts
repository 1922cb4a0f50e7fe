import type { Granularity } from '../api/types';

/** A latency: "850 ms", "1.2 s", "3.5 min"; "—" without a sample (never 0). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A 0–1 rate as a percentage; "—" where nothing was attempted. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const percent = rate * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)} %`;
}

export const formatCount = (n: number) => n.toLocaleString();

const BUCKET_FORMAT: Record<Granularity, Intl.DateTimeFormatOptions> = {
  minute: { hour: '2-digit', minute: '2-digit' },
  hour: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  day: { day: 'numeric', month: 'short' },
  week: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'short', year: 'numeric' },
};

/** A bucket's start as the user reads it, in the range's zone. */
export function formatBucket(iso: string, granularity: Granularity, tz: string): string {
  return new Intl.DateTimeFormat(undefined, { ...BUCKET_FORMAT[granularity], timeZone: tz }).format(
    new Date(iso),
  );
}

/** A point in time in the range's zone, with the date. */
export function formatInstant(iso: string, tz: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: tz,
  }).format(new Date(iso));
}
