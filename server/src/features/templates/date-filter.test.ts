import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { textEngine } from './engine.js';

// LiquidJS's own filter, in the same zone and locale: ours must print the same.
const reference = new Liquid({ timezoneOffset: 0, locale: 'en-US' });

const FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%B %-d, %Y',
  '%b %e %y',
  '%A %a %j %I:%M %p %P',
  '%-m/%-d/%Y %l%P',
  '%^B %^a %_d|%0e|%-H',
  '%U %W %u %w %C %s %L %q',
  '%% %z',
];
const DATES = [
  '2026-03-01',
  '2026-12-31T23:59:59Z',
  '2024-02-29T07:05:09.123Z',
  '2027-01-03T12:00:00Z',
];

describe('date filter', () => {
  it.each(FORMATS)('prints %s like LiquidJS (UTC, en-US)', (format) => {
    for (const date of DATES) {
      const tpl = `{{ d | date: "${format}" }}`;
      expect(textEngine.parseAndRenderSync(tpl, { d: date }), date).toBe(
        reference.parseAndRenderSync(tpl, { d: date }),
      );
    }
  });

  it('takes Unix seconds, leaves invalid dates as they are, and has a default format', () => {
    expect(textEngine.parseAndRenderSync('{{ 0 | date: "%F" }}')).toBe('1970-01-01');
    expect(textEngine.parseAndRenderSync('{{ "86400" | date: "%F" }}')).toBe('1970-01-02');
    expect(textEngine.parseAndRenderSync('{{ "soon" | date: "%F" }}')).toBe('soon');
    expect(textEngine.parseAndRenderSync('{{ d | date }}', { d: '2026-03-01T09:05:00Z' })).toBe(
      'Sunday, March 1, 2026 at 9:05 am +0000',
    );
  });
});
