/**
 * The date range of the views over time (monitoring, alerts). A preset is a window ending now,
 * resolved when a request is sent (so a 30 s refresh moves it on); a custom range is two
 * wall-clock times read in `tz` by the server (`2026-12-04T09:00`), so the zone picker changes
 * what they mean, not them.
 */
export const PRESETS = {
  '1h': { label: '1 h', ms: 3_600_000 },
  '24h': { label: '24 h', ms: 24 * 3_600_000 },
  '7d': { label: '7 d', ms: 7 * 24 * 3_600_000 },
  '30d': { label: '30 d', ms: 30 * 24 * 3_600_000 },
} as const;
export type Preset = keyof typeof PRESETS;

export type RangeSelection =
  { preset: Preset; tz: string } | { preset: 'custom'; from: string; to: string; tz: string };

/** What the monitoring endpoints are sent; without `to` the server reads "now". */
export type RangeQuery = { from: string; to?: string; tz: string };

export const isPreset = (value: string | null): value is Preset =>
  value !== null && Object.hasOwn(PRESETS, value);

export { browserTimeZone } from './format';

export function resolveRange(range: RangeSelection, now = Date.now()): RangeQuery {
  if (range.preset === 'custom') return { from: range.from, to: range.to, tz: range.tz };
  // Whole minutes: a refresh a few seconds later asks for the same buckets.
  const from = Math.floor((now - PRESETS[range.preset].ms) / 60_000) * 60_000;
  return { from: new Date(from).toISOString(), tz: range.tz };
}

/** An instant as wall-clock time in `tz`, `YYYY-MM-DDTHH:mm`, as a custom range keeps it. */
export function wallClock(instant: number, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The custom range a preset stands for right now, where the user switches to "Custom". */
export function presetAsCustom(preset: Preset, tz: string, now = Date.now()) {
  return { from: wallClock(now - PRESETS[preset].ms, tz), to: wallClock(now, tz) };
}
