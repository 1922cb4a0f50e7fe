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
  /** Instead of `defaultDays`: the last hours (monitoring's default is the last 24 h). */
  defaultHours?: number;
  /** The zone when the query has no `tz` (the org's default); UTC without one. */
  defaultTz?: string;
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

/** The error codes of bad ranges, most fundamental first: the first that applies is the answer. */
const RANGE_ERRORS = [
  ['invalid_timezone', 'The time zone is not an IANA time zone.'],
  ['invalid_date_range', 'The date range is not valid.'],
  ['range_inverted', 'The range must start before it ends.'],
  ['range_too_many_buckets', 'The range has too many buckets for this granularity.'],
] as const;
type RangeErrorCode = (typeof RANGE_ERRORS)[number][0];

/**
 * The one date-range parser. `to` is exclusive. Every problem is reported with its field path,
 * under the code of the most fundamental one — `invalid_timezone`, `invalid_date_range`
 * (unreadable, or longer than `maxDays`), `range_inverted`, `range_too_many_buckets` — so every
 * endpoint reports bad ranges the same way.
 */
export function parseDateRange(query: DateRangeQuery, options: DateRangeOptions = {}): DateRange {
  const { defaultDays = 7, maxDays = 731, maxBuckets = 1500 } = options;
  const errors: (FieldError & { code: RangeErrorCode })[] = [];

  const tz = query.tz ?? options.defaultTz ?? 'UTC';
  if (!IANAZone.isValidZone(tz)) {
    errors.push({
      code: 'invalid_timezone',
      path: 'tz',
      message: `"${tz}" is not an IANA time zone (e.g. Europe/Berlin)`,
    });
  }
  const zone = errors.length ? 'UTC' : tz;
  // In `tz`, not the host's zone: "the last 7 days" are 7 calendar days where the user is.
  const now = DateTime.fromJSDate(options.now ?? new Date(), { zone });

  const to = query.to === undefined ? now : parseInstant(query.to, zone);
  const unreadable = 'must be an ISO-8601 date or date-time';
  if (!to) errors.push({ code: 'invalid_date_range', path: 'to', message: unreadable });
  const from =
    query.from === undefined
      ? (to ?? now).minus(
          options.defaultHours ? { hours: options.defaultHours } : { days: defaultDays },
        )
      : parseInstant(query.from, zone);
  if (!from) errors.push({ code: 'invalid_date_range', path: 'from', message: unreadable });

  if (from && to && !errors.length) {
    const span = to.toMillis() - from.toMillis();
    if (span <= 0) {
      errors.push({ code: 'range_inverted', path: 'from', message: 'must be before `to`' });
    } else if (span > maxDays * 86_400_000) {
      errors.push({
        code: 'invalid_date_range',
        path: 'to',
        message: `the range may span at most ${maxDays} days`,
      });
    } else if (query.granularity) {
      const buckets = Math.ceil(span / BUCKET_MS[query.granularity]);
      if (buckets > maxBuckets) {
        errors.push({
          code: 'range_too_many_buckets',
          path: 'granularity',
          message: `"${query.granularity}" gives ${buckets} buckets over this range (at most ${maxBuckets}); choose a coarser one`,
        });
      }
    }
  }

  if (errors.length || !from || !to) {
    const [code, message] = RANGE_ERRORS.find(([c]) => errors.some((e) => e.code === c))!;
    throw new AppError(code, message, {
      errors: errors.map(({ path, message }) => ({ path, message })),
    });
  }
  const span = to.toMillis() - from.toMillis();
  const granularity = query.granularity ?? defaultGranularity(span);
  if (Math.ceil(span / BUCKET_MS[granularity]) > maxBuckets) {
    // Only reachable with a custom maxBuckets below the defaults' counts.
    throw new AppError(RANGE_ERRORS[3][0], RANGE_ERRORS[3][1], {
      errors: [
        { path: 'granularity', message: `choose a coarser granularity than "${granularity}"` },
      ],
    });
  }
  return {
    from: from.toJSDate(),
    to: to.toJSDate(),
    tz: zone,
    granularity,
  };
}

const UNIT: Record<Granularity, 'minute' | 'hour' | 'day' | 'week' | 'month'> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'week',
  month: 'month',
};

/**
 * The bucket boundaries of a range: the start of the bucket holding `from` (local midnight in
 * `tz` for days, Monday for weeks, the 1st for months — DST-correct, so a day bucket is 23 or
 * 25 hours where the clocks change), each next start, and last the first start at or after
 * `to`. n buckets have n + 1 boundaries.
 */
export function bucketBoundaries(range: DateRange): Date[] {
  const unit = UNIT[range.granularity];
  let at = DateTime.fromJSDate(range.from, { zone: range.tz }).startOf(unit);
  const end = range.to.getTime();
  const out = [at.toJSDate()];
  while (at.toMillis() < end) {
    at = at.plus({ [unit]: 1 });
    out.push(at.toJSDate());
  }
  return out;
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
