import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  histogramCount,
  histogramQuantile,
  mergeHistograms,
  percentiles,
  RELATIVE_ACCURACY,
  type LatencyHistogram,
} from './histogram.js';

/** The exact nearest-rank quantile of raw values, as the rollups are compared against. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

const latencies = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 1, max: 5_000 }),
    fc.integer({ min: 1, max: 3_600_000 }),
  ),
  { minLength: 1, maxLength: 400 },
);

describe('latency histograms', () => {
  it('answer p50/p95/p99 within the stated relative error of the exact percentile', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const hist: LatencyHistogram = {};
        for (const v of values) addToHistogram(hist, v);
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = exactQuantile(values, q);
          const estimate = histogramQuantile(hist, q)!;
          if (exact === 0) expect(estimate).toBe(0);
          else expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY);
        }
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('merge like the union of their samples: the split into buckets does not matter', () => {
    fc.assert(
      fc.property(latencies, fc.integer({ min: 1, max: 7 }), (values, parts) => {
        const whole: LatencyHistogram = {};
        for (const v of values) addToHistogram(whole, v);
        const merged: LatencyHistogram = {};
        for (let p = 0; p < parts; p++) {
          const part: LatencyHistogram = {};
          values.forEach((v, i) => i % parts === p && addToHistogram(part, v));
          mergeHistograms(merged, part);
        }
        expect(merged).toEqual(whole);
        expect(histogramCount(merged)).toBe(values.length);
      }),
      { seed: 20261204, numRuns: 100 },
    );
  });

  it('give null percentiles, never 0, without samples', () => {
    expect(percentiles({})).toEqual({ p50: null, p95: null, p99: null });
    expect(percentiles(addToHistogram({}, 0))).toEqual({ p50: 0, p95: 0, p99: 0 });
  });
});
