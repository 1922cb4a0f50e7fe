import { DateTime, Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bucketBoundaries,
  parseDateRange,
  DateRangeQuery,
  type DateRangeOptions,
} from './date-range.js';
import { AppError, type FieldError } from './errors.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-06-15T12:00:00.000Z');

const STATUS = {
  invalid_date_range: 400,
  invalid_timezone: 422,
  range_inverted: 422,
  range_too_many_buckets: 422,
} as const;

function rangeErrors(
  query: DateRangeQuery,
  options: DateRangeOptions = {},
  code: keyof typeof STATUS = 'invalid_date_range',
): FieldError[] {
  try {
    parseDateRange(query, { now: NOW, ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect((err as AppError).status).toBe(STATUS[code]);
    return (err as AppError).errors ?? [];
  }
  throw new Error(`expected ${code}`);
}

const span = (r: { from: Date; to: Date }) => r.to.getTime() - r.from.getTime();

describe('parseDateRange: instants and zones', () => {
  it('reads ISO instants with offsets as instants, whatever tz says', () => {
    const r = parseDateRange(
      { from: '2026-03-01T10:00:00+02:00', to: '2026-03-01T12:00:00Z', tz: 'America/New_York' },
      { now: NOW },
    );
    expect(r.from.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(r.tz).toBe('America/New_York');
  });

  it('reads bare dates as midnight in tz; the spring-forward day in Berlin is 23 hours', () => {
    const r = parseDateRange(
      { from: '2026-03-29', to: '2026-03-30', tz: 'Europe/Berlin' },
      { now: NOW },
    );
    expect(r.from.toISOString()).toBe('2026-03-28T23:00:00.000Z'); // CET, +01:00
    expect(r.to.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // CEST, +02:00
    expect(span(r)).toBe(23 * HOUR);
    expect(r.granularity).toBe('hour');
  });

  it('makes the fall-back day 25 hours long (America/New_York, 2026-11-01)', () => {
    const r = parseDateRange(
      { from: '2026-11-01', to: '2026-11-02', tz: 'America/New_York' },
      { now: NOW },
    );
    expect(r.from.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(span(r)).toBe(25 * HOUR);
  });

  it('reads a local date-time without offset in tz', () => {
    const r = parseDateRange(
      { from: '2026-07-01T09:00', to: '2026-07-01T17:30', tz: 'Asia/Kolkata' },
      { now: NOW },
    );
    expect(r.from.toISOString()).toBe('2026-07-01T03:30:00.000Z');
    expect(r.to.toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('defaults to UTC and to the last `defaultDays` ending now', () => {
    const r = parseDateRange({}, { now: NOW });
    expect(r.tz).toBe('UTC');
    expect(r.to).toEqual(NOW);
    expect(span(r)).toBe(7 * DAY);
    expect(r.granularity).toBe('day');

    const onlyTo = parseDateRange({ to: '2026-01-10' }, { now: NOW, defaultDays: 2 });
    expect(onlyTo.from.toISOString()).toBe('2026-01-08T00:00:00.000Z');
    expect(onlyTo.to.toISOString()).toBe('2026-01-10T00:00:00.000Z');
  });
});

describe('parseDateRange: the default range', () => {
  // 2026-03-10 12:00Z: two days after New York moved its clocks forward.
  const AFTER_US_DST = new Date('2026-03-10T12:00:00.000Z');
  afterEach(() => {
    Settings.defaultZone = 'system';
  });

  it('does not depend on the time zone of the server', () => {
    Settings.defaultZone = 'America/New_York';
    const r = parseDateRange({}, { now: AFTER_US_DST });
    expect(r.to).toEqual(AFTER_US_DST);
    expect(span(r)).toBe(7 * DAY);
  });

  it('counts the last days as calendar days in tz, across a DST change', () => {
    const r = parseDateRange({ tz: 'America/New_York' }, { now: AFTER_US_DST });
    expect(r.to).toEqual(AFTER_US_DST);
    expect(r.from.toISOString()).toBe('2026-03-03T13:00:00.000Z'); // 08:00 EST, like 08:00 EDT now
    expect(span(r)).toBe(7 * DAY - HOUR);
  });
});

describe('parseDateRange: granularity', () => {
  it.each([
    ['2026-01-01T00:00Z', '2026-01-01T01:00Z', 'minute'],
    ['2026-01-01', '2026-01-03', 'hour'],
    ['2026-01-01', '2026-02-15', 'day'],
    ['2026-01-01', '2027-01-01', 'week'],
    ['2024-01-01', '2026-01-01', 'month'],
  ])('picks a default for %s → %s: %s', (from, to, expected) => {
    expect(parseDateRange({ from, to }, { now: NOW }).granularity).toBe(expected);
  });

  it('keeps an explicit granularity that fits', () => {
    const r = parseDateRange(
      { from: '2026-01-01', to: '2026-01-02', granularity: 'minute' },
      { now: NOW },
    );
    expect(r.granularity).toBe('minute');
  });

  it('refuses a granularity that makes too many buckets, naming the count', () => {
    const errors = rangeErrors(
      { from: '2026-01-01', to: '2026-01-04', granularity: 'minute' },
      {},
      'range_too_many_buckets',
    );
    expect(errors).toEqual([{ path: 'granularity', message: expect.stringContaining('4320') }]);
    // 1,500 buckets is the most: 25 hours of minutes fits, 26 do not.
    expect(
      parseDateRange({ from: '2026-01-01T00:00Z', to: '2026-01-02T01:00Z', granularity: 'minute' }),
    ).toMatchObject({ granularity: 'minute' });
    expect(
      rangeErrors(
        { from: '2026-01-01', to: '2026-01-02', granularity: 'hour' },
        { maxBuckets: 10 },
        'range_too_many_buckets',
      ),
    ).toEqual([{ path: 'granularity', message: expect.any(String) }]);
  });

  it('rejects an unknown granularity at the schema', () => {
    expect(DateRangeQuery.safeParse({ granularity: 'year' }).success).toBe(false);
    expect(DateRangeQuery.safeParse({ granularity: 'week' }).success).toBe(true);
  });
});

describe('parseDateRange: errors carry the field path', () => {
  it('rejects a zone that is not IANA', () => {
    expect(rangeErrors({ tz: 'Mars/Olympus_Mons' }, {}, 'invalid_timezone')).toEqual([
      { path: 'tz', message: expect.stringContaining('Mars/Olympus_Mons') },
    ]);
  });

  it('rejects from ≥ to', () => {
    expect(rangeErrors({ from: '2026-01-02', to: '2026-01-01' }, {}, 'range_inverted')).toEqual([
      { path: 'from', message: 'must be before `to`' },
    ]);
    expect(
      rangeErrors({ from: '2026-01-01T00:00Z', to: '2026-01-01T00:00Z' }, {}, 'range_inverted'),
    ).toEqual([{ path: 'from', message: 'must be before `to`' }]);
  });

  it('rejects a range longer than maxDays', () => {
    expect(rangeErrors({ from: '2020-01-01', to: '2026-01-01' })).toEqual([
      { path: 'to', message: expect.stringContaining('731 days') },
    ]);
    expect(rangeErrors({ from: '2026-01-01', to: '2026-01-10' }, { maxDays: 7 })).toEqual([
      { path: 'to', message: expect.stringContaining('7 days') },
    ]);
  });

  it('reports every unparseable field at once', () => {
    const errors = rangeErrors({ from: 'yesterday', to: '2026-02-30' });
    expect(errors.map((e) => e.path).sort()).toEqual(['from', 'to']);
  });

  it('reports a bad zone together with a bad date', () => {
    const errors = rangeErrors({ from: 'soon', tz: 'Nowhere' }, {}, 'invalid_timezone');
    expect(errors.map((e) => e.path).sort()).toEqual(['from', 'tz']);
  });
});

describe('bucketBoundaries', () => {
  const bounds = (query: DateRangeQuery) =>
    bucketBoundaries(parseDateRange(query, { now: NOW })).map((d) => d.toISOString());

  it.each([
    ['Europe/Berlin', '2026-03-28', '2026-03-31', [24, 23, 24]],
    ['Europe/Berlin', '2026-10-24', '2026-10-27', [24, 25, 24]],
    ['America/New_York', '2026-03-07', '2026-03-10', [24, 23, 24]],
    ['America/New_York', '2026-10-31', '2026-11-03', [24, 25, 24]],
  ])('starts day buckets at local midnight in %s: %s → %s', (tz, from, to, hours) => {
    const b = bounds({ from, to, tz, granularity: 'day' });
    expect(b).toHaveLength(hours.length + 1);
    const lengths = b.slice(1).map((t, i) => (Date.parse(t) - Date.parse(b[i]!)) / HOUR);
    expect(lengths).toEqual(hours);
    for (const t of b) {
      expect(DateTime.fromISO(t, { zone: tz }).toFormat('HH:mm')).toBe('00:00');
    }
  });

  it('starts week buckets on Monday and month buckets on the 1st, in tz', () => {
    const weeks = bounds({
      from: '2026-03-04',
      to: '2026-03-27',
      tz: 'Europe/Berlin',
      granularity: 'week',
    });
    expect(weeks[0]).toBe('2026-03-01T23:00:00.000Z'); // Monday 2 March, 00:00 CET
    expect(weeks.map((t) => DateTime.fromISO(t, { zone: 'Europe/Berlin' }).weekday)).toEqual([
      1, 1, 1, 1, 1,
    ]);
    expect(Date.parse(weeks[4]!) - Date.parse(weeks[3]!)).toBe(7 * DAY - HOUR); // DST on 29 March
    const months = bounds({
      from: '2026-01-15',
      to: '2026-03-02',
      tz: 'UTC',
      granularity: 'month',
    });
    expect(months).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
  });

  it('starts the first bucket where the bucket holding a mid-bucket `from` starts', () => {
    const b = bounds({
      from: '2026-05-01T10:37:12Z',
      to: '2026-05-01T13:05Z',
      granularity: 'hour',
    });
    expect(b).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T12:00:00.000Z',
      '2026-05-01T13:00:00.000Z',
      '2026-05-01T14:00:00.000Z',
    ]);
  });

  it('starts hours at half past in a zone half an hour off UTC (Asia/Kolkata)', () => {
    const b = bounds({
      from: '2026-05-01T10:00Z',
      to: '2026-05-01T12:00Z',
      tz: 'Asia/Kolkata',
      granularity: 'hour',
    });
    expect(b[0]).toBe('2026-05-01T09:30:00.000Z');
  });
});
