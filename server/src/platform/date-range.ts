import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError, type FieldError } from './errors.js';

export const GRANULARITIES = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The query fields every metrics, events and alerts endpoint accepts. */
export const DateRangeQuery = z.object({
  from: z.string().max(64).optional().describe('ISO-8601 instant, or a date read in `tz`'),
  to: z
    .string()
    .max(64)
    .optional()
    .describe('ISO-8601 instant, or a date read in `tz` (exclusive)'),
  tz: z.string().max(64).optional().describe('IANA time zone, default UTC'),
  granularity: z.enum(GRANULARITIES).optional(),
});
export type DateRangeQuery = z.infer<typeof DateRangeQuery>;

export interface DateRange {
  from: Date;
  to: Date;
  tz: string;
  granularity: Granularity;
}

export interface DateRangeOptions {
  /** Used when `from`/`to` are absent: the range ending now. */
  defaultDays?: number;
  maxDays?: number;
  maxBuckets?: number;
  now?: Date;
}

const BUCKET_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 28 * 86_400_000,
};

function defaultGranularity(spanMs: number): Granularity {
  if (spanMs <= 2 * 3_600_000) return 'minute';
  if (spanMs <= 3 * 86_400_000) return 'hour';
  if (spanMs <= 120 * 86_400_000) return 'day';
  if (spanMs <= 2 * 365 * 86_400_000) return 'week';
  return 'month';
}

function parseInstant(value: string, tz: string): DateTime | undefined {
  // An offset in the string wins; a bare date or local time is read in `tz` (DST-correct).
  const parsed = DateTime.fromISO(value, { zone: tz, setZone: false });
  return parsed.isValid ? parsed : undefined;
}

/**
 * The one date-range parser. `to` is exclusive. Errors are `invalid_date_range` with a field
 * path for each problem, so every endpoint reports bad ranges the same way.
 */
export function parseDateRange(query: DateRangeQuery, options: DateRangeOptions = {}): DateRange {
  const { defaultDays = 7, maxDays = 731, maxBuckets = 2000 } = options;
  const errors: FieldError[] = [];

  const tz = query.tz ?? 'UTC';
  if (!IANAZone.isValidZone(tz)) {
    errors.push({ path: 'tz', message: `"${tz}" is not an IANA time zone (e.g. Europe/Berlin)` });
  }
  const zone = errors.length ? 'UTC' : tz;
  // In `tz`, not the host's zone: "the last 7 days" are 7 calendar days where the user is.
  const now = DateTime.fromJSDate(options.now ?? new Date(), { zone });

  const to = query.to === undefined ? now : parseInstant(query.to, zone);
  if (!to) errors.push({ path: 'to', message: 'must be an ISO-8601 date or date-time' });
  const from =
    query.from === undefined
      ? (to ?? now).minus({ days: defaultDays })
      : parseInstant(query.from, zone);
  if (!from) errors.push({ path: 'from', message: 'must be an ISO-8601 date or date-time' });

  if (from && to && !errors.length) {
    const span = to.toMillis() - from.toMillis();
    if (span <= 0) errors.push({ path: 'from', message: 'must be before `to`' });
    else if (span > maxDays * 86_400_000) {
      errors.push({ path: 'to', message: `the range may span at most ${maxDays} days` });
    } else if (query.granularity) {
      const buckets = Math.ceil(span / BUCKET_MS[query.granularity]);
      if (buckets > maxBuckets) {
        errors.push({
          path: 'granularity',
          message: `"${query.granularity}" gives ${buckets} buckets over this range (at most ${maxBuckets}); choose a coarser one`,
        });
      }
    }
  }

  if (errors.length || !from || !to) {
    throw new AppError('invalid_date_range', 'The date range is not valid.', { errors });
  }
  const span = to.toMillis() - from.toMillis();
  return {
    from: from.toJSDate(),
    to: to.toJSDate(),
    tz: zone,
    granularity: query.granularity ?? defaultGranularity(span),
  };
}

/**
 * For lists filtered by time (logs, histories): without `from`/`to` nothing is filtered
 * (undefined); with either, the shared parser validates the range (up to ten years).
 */
export function optionalDateRange(query: DateRangeQuery): DateRange | undefined {
  if (query.from !== undefined || query.to !== undefined) {
    return parseDateRange(query, { maxDays: 3660 });
  }
  // A `tz` alone filters nothing, but a zone that does not exist is still an error.
  if (query.tz !== undefined && !IANAZone.isValidZone(query.tz)) parseDateRange(query);
  return undefined;
}
