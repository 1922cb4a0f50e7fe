import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, requireTimeZone } from './time-zone.js';

describe('time zones', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/calcutta', 'Asia/Calcutta'],
    ['US/Pacific', 'US/Pacific'],
  ])('knows %s as %s', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });

  it.each(['Mars/Olympus_Mons', '+01:00', '', 'Europe/Berlin\u0000', 'x'.repeat(65), '../etc'])(
    'refuses %j with 422 invalid_timezone',
    (name) => {
      expect(canonicalTimeZone(name)).toBeUndefined();
      expect(() => requireTimeZone(name, 'timezone')).toThrow(
        expect.objectContaining({ code: 'invalid_timezone', status: 422 }),
      );
    },
  );
});
