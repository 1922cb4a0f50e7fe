/**
 * Which rollup rows answer a range. Rollups are UTC-aligned minutes, hours and days; a range (or
 * a bucket of it, cut at local midnight in some zone) is covered by the coarsest rows that fit
 * inside it — days where a UTC day lies wholly inside, hours where an hour does, minutes at the
 * edges — so each event is counted once and a 30-day hourly series reads hour rows, never raw
 * events. A zone half an hour off UTC (Asia/Kolkata) cuts hours in half, so its hour and day
 * buckets are read from minute rows.
 */
import type { RollupLevel } from '../../db/schema/monitoring.js';

export const LEVEL_MS: Record<RollupLevel, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};
const COARSEST_FIRST: RollupLevel[] = ['day', 'hour', 'minute'];

/** A run of consecutive rollup rows of one level: bucket_start in [from, to). */
export interface LevelRun {
  level: RollupLevel;
  from: number;
  to: number;
}

export const floorToMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
export const ceilToMinute = (ms: number) => Math.ceil(ms / 60_000) * 60_000;

/**
 * The runs that cover [from, to) (whole minutes) without crossing any of `cuts` (bucket
 * boundaries, whole minutes): greedy from the left, the coarsest level aligned at each point
 * whose row ends within the segment; neighbouring pieces of one level merge into one run.
 */
export function coverage(
  from: number,
  to: number,
  cuts: readonly number[] = [],
  opts: { minuteRowsFrom?: number } = {},
): LevelRun[] {
  // Minute rows older than the raw retention are gone: there, edges and cuts are read to the
  // hour (a bucket edge at :30 in Asia/Kolkata counts its hour in the bucket the hour starts in).
  const kept = opts.minuteRowsFrom ?? -Infinity;
  const toHour = (t: number) => (t < kept ? Math.floor(t / LEVEL_MS.hour) * LEVEL_MS.hour : t);
  const points = [
    ...new Set([from, ...cuts.filter((c) => c > from && c < to), to].map(toHour)),
  ].sort((a, b) => a - b);
  const runs: LevelRun[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const end = points[i + 1]!;
    let t = points[i]!;
    while (t < end) {
      const level = COARSEST_FIRST.find((l) => t % LEVEL_MS[l] === 0 && t + LEVEL_MS[l] <= end)!;
      const size = LEVEL_MS[level];
      // As many rows of this level as fit before the segment ends, stopping where a coarser
      // level's row starts (it may fit from there).
      let next = t + Math.floor((end - t) / size) * size;
      for (const coarser of COARSEST_FIRST.slice(0, COARSEST_FIRST.indexOf(level))) {
        next = Math.min(next, Math.ceil((t + 1) / LEVEL_MS[coarser]) * LEVEL_MS[coarser]);
      }
      const last = runs.at(-1);
      if (last && last.level === level && last.to === t) last.to = next;
      else runs.push({ level, from: t, to: next });
      t = next;
    }
  }
  return runs;
}
