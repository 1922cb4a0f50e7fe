import { AppError } from './errors.js';

/** Zone names only: `Intl` also takes offsets (`+01:00`), which are not zones and have no DST. */
const ZONE_NAME_RE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * `name` as an IANA zone of this runtime's zone database, with its proper capitals
 * (`europe/berlin` → `Europe/Berlin`), or undefined when the database knows no such zone. A
 * link keeps the name it was given (`Asia/Kolkata` stays, though ICU resolves it to
 * `Asia/Calcutta`): it is what the user picked and what their browser reports.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length > 64 || !ZONE_NAME_RE.test(name)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  const lower = name.toLowerCase();
  return Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === lower) ?? name;
}

/** As `canonicalTimeZone`, throwing 422 `invalid_timezone` (naming `path`) for an unknown zone. */
export function requireTimeZone(name: string, path: string): string {
  const zone = canonicalTimeZone(name);
  if (zone) return zone;
  throw new AppError('invalid_timezone', `"${name}" is not a time zone this server knows.`, {
    errors: [{ path, message: 'is not an IANA time zone (e.g. Europe/Berlin)' }],
  });
}
