import { Liquid, type Template } from 'liquidjs';
import { dateFilter } from './date-filter.js';

/** Largest template text accepted per part (subject, body, text). */
export const MAX_TEMPLATE_CHARS = 100_000;
/** Largest rendered output; a loop that explodes past it fails instead of filling memory. */
export const MAX_OUTPUT_CHARS = 1_000_000;

/** Tags that load other files: refused so a template sees nothing but its own text. */
export const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'] as const;

const LIMITS = {
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: MAX_TEMPLATE_CHARS,
  renderLimit: 1_000, // ms per render at most; the template pool passes its own budgets
  memoryLimit: 10_000_000, // objects/characters allocated by filters per render
  cache: false,
  dynamicPartials: false,
  timezoneOffset: 0,
  locale: 'en-US',
} as const;

function sandboxed(liquid: Liquid): Liquid {
  for (const tag of FORBIDDEN_TAGS) delete liquid.tags[tag];
  liquid.registerFilter('date', dateFilter);
  return liquid;
}

/** Email HTML bodies: every output is HTML-escaped unless the author writes `| raw`. */
export const htmlEngine = sandboxed(new Liquid({ ...LIMITS, outputEscape: 'escape' }));
/** Subjects, plain-text parts and chat channels: text, not markup. */
export const textEngine = sandboxed(new Liquid({ ...LIMITS }));

export interface Position {
  line: number;
  column: number;
}

export type ParseFailure =
  | { kind: 'syntax'; message: string; at: Position }
  | { kind: 'unknown_filter'; filter: string; message: string; at: Position }
  | { kind: 'forbidden_tag'; tag: string; message: string; at: Position };

/** Line and column (1-based) of an offset in `text`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface LiquidErrorLike {
  message: string;
  token?: { begin: number; end: number; input: string };
}

/** Turns LiquidJS's parse errors into what the validator reports, at the offending spot. */
export function describeParseError(text: string, error: unknown): ParseFailure {
  const e = error as LiquidErrorLike;
  const begin = e.token?.begin ?? 0;
  const message = String(e.message).replace(/, line:\d+, col:\d+$/, '');
  const filter = /^undefined filter: (.+)$/.exec(message)?.[1];
  if (filter) {
    // Point at the filter name itself, not the start of the {{ … }} it sits in.
    const end = e.token?.end ?? text.length;
    const found = new RegExp(`\\|\\s*(${escapeRe(filter)})\\b`).exec(text.slice(begin, end));
    const offset = found ? begin + found.index + found[0].length - filter.length : begin;
    return {
      kind: 'unknown_filter',
      filter,
      message: `Unknown filter "${filter}".`,
      at: positionOf(text, offset),
    };
  }
  const tag = /^tag "([^"]+)" not found$/.exec(message)?.[1];
  if (tag) {
    const forbidden = (FORBIDDEN_TAGS as readonly string[]).includes(tag);
    return {
      kind: 'forbidden_tag',
      tag,
      message: forbidden
        ? `The "${tag}" tag is not allowed: a template cannot load other files.`
        : `Unknown tag "${tag}".`,
      at: positionOf(text, begin),
    };
  }
  return { kind: 'syntax', message: sentence(message), at: positionOf(text, begin) };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sentence = (s: string) => {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

export type ParseResult =
  { ok: true; templates: Template[] } | { ok: false; failure: ParseFailure };

export function parse(engine: Liquid, text: string): ParseResult {
  try {
    return { ok: true, templates: engine.parse(text) };
  } catch (error) {
    return { ok: false, failure: describeParseError(text, error) };
  }
}
