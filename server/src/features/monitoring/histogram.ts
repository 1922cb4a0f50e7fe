/**
 * Latency histograms that merge: DDSketch's logarithmic mapping (Datadog's `sketches-js`) maps a
 * value to a bucket key so that the bucket's representative value is within RELATIVE_ACCURACY of
 * every value in it. A histogram is a sparse `{key: count}` object (JSON in the rollups); merging
 * is adding counts per key, so a percentile over any range comes from adding its buckets, with
 * the same relative error bound as over one bucket.
 */
// The package's main entry exports only the sketch classes; the mapping is its public building block.
import { LogarithmicMapping } from '@datadog/sketches-js/dist/ddsketch/mapping/index.js';
import type { LatencyHistogram } from '../../db/schema/monitoring.js';

export type { LatencyHistogram };

/** The stated error of every percentile read from rollups (the bound is 2%). */
export const RELATIVE_ACCURACY = 0.01;
const ZERO = 'z';
const mapping = new LogarithmicMapping(RELATIVE_ACCURACY);

/** The bucket key of one latency (ms); values below 1 ms (the clock's grain) count as zero. */
export function histogramKey(ms: number): string {
  return ms < 1 ? ZERO : String(mapping.key(ms));
}

export function addToHistogram(hist: LatencyHistogram, ms: number, count = 1): LatencyHistogram {
  const key = histogramKey(ms);
  hist[key] = (hist[key] ?? 0) + count;
  return hist;
}

/** Adds `from` into `into` (mutating it) and returns it. */
export function mergeHistograms(into: LatencyHistogram, from: LatencyHistogram | null | undefined) {
  if (from) for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

export function histogramCount(hist: LatencyHistogram): number {
  let n = 0;
  for (const count of Object.values(hist)) n += count;
  return n;
}

/**
 * The value at quantile `q` (0–1) by nearest rank (the ⌈q·n⌉-th smallest), as the representative
 * of its bucket; null when the histogram is empty — never 0 for "no samples".
 */
export function histogramQuantile(hist: LatencyHistogram, q: number): number | null {
  const entries = Object.entries(hist)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => [key === ZERO ? -Infinity : Number(key), count] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, count] of entries) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [key, count] of entries) {
    seen += count;
    if (seen >= rank) return key === -Infinity ? 0 : mapping.value(key);
  }
  return null;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** p50/p95/p99 in whole milliseconds (nulls where there is no sample). */
export function percentiles(hist: LatencyHistogram): Percentiles {
  const at = (q: number) => {
    const v = histogramQuantile(hist, q);
    return v === null ? null : Math.round(v * 10) / 10;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
