import { z } from 'zod';
import { LOGO_CONTENT_TYPES } from '../../db/schema/index.js';
import { DisplayName, TimeZoneName } from '../../platform/http/schemas.js';

export const Logo = z
  .object({
    /** Content-addressed: a new logo gets a new URL, so it can be cached forever. */
    url: z.url(),
    width: z.number().int(),
    height: z.number().int(),
    contentType: z.enum(LOGO_CONTENT_TYPES),
    bytes: z.number().int(),
  })
  .meta({ id: 'Logo' });

export const OrgSettings = z
  .object({
    name: z.string(),
    defaultTimezone: z.string(),
    defaultPhoneRegion: z.string().nullable(),
    smsMaxSegments: z.number().int(),
    senderName: z.string().nullable(),
    brandColor: z.string().nullable(),
    logo: Logo.nullable(),
  })
  .meta({ id: 'OrgSettings' });
export type OrgSettings = z.infer<typeof OrgSettings>;

export const UpdateOrgSettingsBody = z.strictObject({
  name: DisplayName.optional(),
  defaultTimezone: TimeZoneName.optional(),
  defaultPhoneRegion: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
    .nullable()
    .optional()
    .describe('ISO 3166-1 alpha-2; null: none (numbers need their country code)'),
  smsMaxSegments: z.number().int().min(1).max(10).optional(),
  senderName: DisplayName.nullable().optional(),
  brandColor: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour as #rrggbb')
    .nullable()
    .optional(),
});
export type UpdateOrgSettingsBody = z.infer<typeof UpdateOrgSettingsBody>;

export const LogoFileParams = z.object({ orgId: z.string(), file: z.string() });
