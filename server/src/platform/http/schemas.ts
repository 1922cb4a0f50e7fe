import { z } from 'zod';

export const Timestamp = z.iso.datetime();
export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const Uuid = z.uuid();
export const OrgParams = z.object({ orgId: z.string() });

/** Names of people and organizations: trimmed, no control characters. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(120, 'must be at most 120 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'));

/** An IANA zone name; whether this server knows it is checked by the service (422). */
export const TimeZoneName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .describe('IANA time zone, e.g. Europe/Berlin');
