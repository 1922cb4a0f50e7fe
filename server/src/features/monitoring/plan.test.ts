import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverage, LEVEL_MS } from './plan.js';

const at = (iso: string) => Date.parse(iso);
const show = (runs: ReturnType<typeof coverage>) =>
  runs.map((r) => `${r.level} ${new Date(r.from).toISOString()}→${new Date(r.to).toISOString()}`);

describe('coverage', () => {
  it('reads whole UTC days as days and the edges as hours and minutes', () => {
    expect(show(coverage(at('2026-05-01T10:37Z'), at('2026-05-04T02:00Z')))).toEqual([
      'minute 2026-05-01T10:37:00.000Z→2026-05-01T11:00:00.000Z',
      'hour 2026-05-01T11:00:00.000Z→2026-05-02T00:00:00.000Z',
      'day 2026-05-02T00:00:00.000Z→2026-05-04T00:00:00.000Z',
      'hour 2026-05-04T00:00:00.000Z→2026-05-04T02:00:00.000Z',
    ]);
  });

  it('serves day buckets in Berlin from hour rows (local midnight is not a UTC day)', () => {
    const cuts = [at('2026-03-28T23:00Z'), at('2026-03-29T22:00Z')];
    expect(show(coverage(at('2026-03-27T23:00Z'), at('2026-03-30T22:00Z'), cuts))).toEqual([
      'hour 2026-03-27T23:00:00.000Z→2026-03-30T22:00:00.000Z',
    ]);
  });

  it('serves hour buckets in Kolkata from minute rows', () => {
    const cuts = [at('2026-05-01T10:30Z')];
    expect(show(coverage(at('2026-05-01T09:30Z'), at('2026-05-01T11:30Z'), cuts))).toEqual([
      'minute 2026-05-01T09:30:00.000Z→2026-05-01T11:30:00.000Z',
    ]);
  });

  it('covers every minute exactly once, never crossing a cut, with aligned rows', () => {
    const minute = fc.integer({ min: 0, max: 8 * 24 * 60 });
    fc.assert(
      fc.property(minute, minute, fc.array(minute, { maxLength: 6 }), (a, b, cutMinutes) => {
        const base = at('2026-01-01T00:00Z');
        const [from, to] = [base + Math.min(a, b) * 60_000, base + (Math.max(a, b) + 1) * 60_000];
        const cuts = cutMinutes.map((m) => base + m * 60_000);
        const runs = coverage(from, to, cuts);
        let t = from;
        for (const r of runs) {
          expect(r.from).toBe(t);
          expect(r.from % LEVEL_MS[r.level]).toBe(0);
          expect((r.to - r.from) % LEVEL_MS[r.level]).toBe(0);
          for (const c of cuts) {
            // A row never straddles a cut: the cut is on a row boundary of the run.
            if (c > r.from && c < r.to) expect((c - r.from) % LEVEL_MS[r.level]).toBe(0);
          }
          t = r.to;
        }
        expect(t).toBe(to);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('reads to the hour where minute rows are past their retention', () => {
    const kept = at('2026-05-10T00:00Z');
    expect(
      show(
        coverage(at('2026-05-01T10:37Z'), at('2026-05-01T12:00Z'), [at('2026-05-01T11:30Z')], {
          minuteRowsFrom: kept,
        }),
      ),
    ).toEqual(['hour 2026-05-01T10:00:00.000Z→2026-05-01T12:00:00.000Z']);
  });
});
