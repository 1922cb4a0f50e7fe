/** The zone dates are shown in (the user's, else the org's default, else the browser's). */
let displayTimeZone: string | undefined;
const formats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(): Intl.DateTimeFormat {
  const key = displayTimeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(displayTimeZone && { timeZone: displayTimeZone }),
    });
    formats.set(key, format);
  }
  return format;
}

/** The browser's own zone (what sign-up proposes). */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Sets the zone every formatted date uses; undefined: the browser's. A zone this browser does
 * not know falls back to its own rather than breaking every date on the page.
 */
export function setDisplayTimeZone(zone: string | null | undefined): void {
  if (!zone) {
    displayTimeZone = undefined;
    return;
  }
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    displayTimeZone = zone;
  } catch {
    displayTimeZone = undefined;
  }
}

export const getDisplayTimeZone = (): string => displayTimeZone ?? browserTimeZone();
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatDateTime(iso: string): string {
  return dateTimeFormat().format(new Date(iso));
}

/** "3 days ago", "in 2 hours", "now". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(0, 'second');
}
