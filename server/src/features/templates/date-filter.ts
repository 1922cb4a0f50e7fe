/**
 * The `date` filter, in UTC with English names. LiquidJS's own builds a new Intl.DateTimeFormat
 * for every month or weekday name it prints (≈ 0.3 ms each), which made one `date` cost more than
 * rendering the rest of a 2 KB template; templates render in UTC/en-US anyway (engine.ts), so the
 * names are constants. Same directives and flags as LiquidJS (Ruby's strftime).
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const DEFAULT_DATE_FORMAT = '%A, %B %-e, %Y at %-l:%M %P %z';

const PAD_WIDTHS: Record<string, number> = {
  d: 2,
  e: 2,
  H: 2,
  I: 2,
  j: 3,
  k: 2,
  l: 2,
  L: 3,
  m: 2,
  M: 2,
  S: 2,
  U: 2,
  W: 2,
};
const PAD_SPACE = new Set('aAbBceklpP');

const dayOfYear = (d: Date) =>
  Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
const weekOfYear = (d: Date, startDay: number) => {
  const jan1 = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const offset = (7 + startDay - jan1.getUTCDay()) % 7;
  return String(Math.floor((dayOfYear(d) - 1 - offset + 7) / 7));
};
/** The ordinal suffix alone (`%q`: "st" for the 1st), as LiquidJS prints it. */
const ordinalSuffix = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
};

const CODES: Record<string, (d: Date) => string | number> = {
  a: (d) => DAYS[d.getUTCDay()]!.slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()]!,
  b: (d) => MONTHS[d.getUTCMonth()]!.slice(0, 3),
  h: (d) => MONTHS[d.getUTCMonth()]!.slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()]!,
  c: (d) => d.toUTCString(),
  C: (d) => Math.floor(d.getUTCFullYear() / 100),
  d: (d) => d.getUTCDate(),
  e: (d) => d.getUTCDate(),
  F: (d) => d.toISOString().slice(0, 10),
  H: (d) => d.getUTCHours(),
  I: (d) => d.getUTCHours() % 12 || 12,
  j: (d) => dayOfYear(d),
  k: (d) => d.getUTCHours(),
  l: (d) => d.getUTCHours() % 12 || 12,
  L: (d) => d.getUTCMilliseconds(),
  m: (d) => d.getUTCMonth() + 1,
  M: (d) => d.getUTCMinutes(),
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  P: (d) => (d.getUTCHours() < 12 ? 'am' : 'pm'),
  q: (d) => ordinalSuffix(d.getUTCDate()),
  s: (d) => Math.floor(d.getTime() / 1000),
  S: (d) => d.getUTCSeconds(),
  u: (d) => d.getUTCDay() || 7,
  U: (d) => weekOfYear(d, 0),
  w: (d) => d.getUTCDay(),
  W: (d) => weekOfYear(d, 1),
  x: (d) => d.toISOString().slice(0, 10),
  X: (d) => d.toISOString().slice(11, 19),
  y: (d) => d.getUTCFullYear() % 100,
  Y: (d) => d.getUTCFullYear(),
  z: () => '+0000',
  Z: () => 'UTC',
  t: () => '\t',
  n: () => '\n',
  '%': () => '%',
};

const DIRECTIVE = /%([-_0^#:]+)?(\d+)?([EO])?(.)/g;

export function strftimeUtc(d: Date, format: string): string {
  return format.replace(DIRECTIVE, (input, flags = '', width, _modifier, conversion: string) => {
    const convert = CODES[conversion];
    if (!convert) return input;
    let out = String(convert(d));
    if (flags.includes('^')) out = out.toUpperCase();
    else if (flags.includes('#'))
      out = out === out.toUpperCase() ? out.toLowerCase() : out.toUpperCase();
    let padChar = PAD_SPACE.has(conversion) ? ' ' : '0';
    if (flags.includes('_')) padChar = ' ';
    else if (flags.includes('0')) padChar = '0';
    const padWidth = flags.includes('-') ? 0 : Number(width) || PAD_WIDTHS[conversion] || 0;
    return out.padStart(padWidth, padChar);
  });
}

/** Liquid's inputs: `now`/`today`, Unix seconds (number or numeric string), ISO strings, Dates. */
function toDate(value: unknown): Date | undefined {
  let d: Date;
  if (value instanceof Date) d = value;
  else if (value === 'now' || value === 'today') d = new Date();
  else if (typeof value === 'number') d = new Date(value * 1000);
  else if (typeof value === 'string') {
    d = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  } else return undefined;
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Invalid dates render as given, as in Liquid. */
export function dateFilter(value: unknown, format?: unknown): unknown {
  const d = toDate(value);
  if (!d) return value;
  return strftimeUtc(d, typeof format === 'string' && format ? format : DEFAULT_DATE_FORMAT);
}
