import { z } from 'zod';
import { INTEGRATION_STATUSES, VERIFICATION_MODES } from '../../db/schema/index.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';

/** Loose at the HTTP edge (strings, bounded); the service checks each provider's exact formats. */
const field = z.string().trim().min(1, 'is required').max(2000);
const optionalField = z.string().trim().max(2000).optional();
const common = {
  name: DisplayName.optional(),
  sandbox: z
    .boolean()
    .default(false)
    .describe('Use the built-in provider sandbox (only while SANDBOX is on)'),
  verification: z.enum(VERIFICATION_MODES).default('enforced'),
};

export const CreateIntegrationBody = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('sendgrid'),
    ...common,
    credentials: z.strictObject({
      apiKey: field,
      webhookPublicKey: optionalField.describe(
        'Event Webhook verification key (base64); optional in the sandbox',
      ),
    }),
    settings: z.strictObject({ fromEmail: field, fromName: optionalField }),
  }),
  z.strictObject({
    provider: z.literal('twilio'),
    ...common,
    credentials: z.strictObject({ accountSid: field, authToken: field }),
    settings: z.strictObject({
      fromNumber: optionalField,
      messagingServiceSid: optionalField,
      whatsappFrom: optionalField,
    }),
  }),
  z.strictObject({
    provider: z.literal('telegram'),
    ...common,
    credentials: z.strictObject({ botToken: field }),
    settings: z.strictObject({}).default({}),
  }),
  z.strictObject({
    provider: z.literal('instagram'),
    ...common,
    credentials: z.strictObject({ pageAccessToken: field, appSecret: field }),
    settings: z.strictObject({ igUserId: field }),
  }),
]);
export type CreateIntegrationBody = z.infer<typeof CreateIntegrationBody>;

export const UpdateIntegrationBody = z.strictObject({
  name: DisplayName.optional(),
  /** Replaces the given credential fields only; the others are kept. */
  credentials: z.record(z.string().max(40), optionalField).optional(),
  /** Replaces the given settings; an empty string clears an optional setting. */
  settings: z.record(z.string().max(40), z.string().trim().max(2000)).optional(),
  verification: z.enum(VERIFICATION_MODES).optional(),
  /** `disabled` stops sending; `active` re-enables. */
  status: z.enum(['active', 'disabled']).optional(),
});
export type UpdateIntegrationBody = z.infer<typeof UpdateIntegrationBody>;

export const Integration = z
  .object({
    id: z.uuid(),
    provider: z.enum(['sendgrid', 'twilio', 'telegram', 'instagram']),
    name: z.string(),
    status: z.enum(INTEGRATION_STATUSES),
    statusMessage: z.string().nullable(),
    sandbox: z.boolean(),
    credentialHints: z.record(z.string(), z.string()),
    settings: z.record(z.string(), z.string()),
    webhook: z.object({
      urls: z.record(z.string(), z.url()),
      verification: z.enum(VERIFICATION_MODES),
      verifyToken: z
        .string()
        .optional()
        .describe('Instagram: paste into the Meta app dashboard (admins only)'),
      lastVerifiedAt: Timestamp.nullable(),
      lastCallbackAt: Timestamp.nullable(),
      rejected24h: z.number().int(),
      registeredBySwitchboard: z
        .boolean()
        .describe('Switchboard registers this webhook with the provider (and can do it again)'),
      callbacksMissing: z
        .boolean()
        .describe(
          'Callbacks are not arriving: messages wait for a report while no callback comes, or ' +
            'the last connection test found no webhook registered at the provider',
        ),
    }),
    lastTest: z.object({ at: Timestamp, ok: z.boolean(), code: z.string() }).nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Integration' });
export type Integration = z.infer<typeof Integration>;

export const IntegrationList = z
  .object({ items: z.array(Integration) })
  .meta({ id: 'IntegrationList' });

export const ConnectionTestResult = z
  .object({
    ok: z.boolean(),
    code: z.string(),
    message: z.string().describe('A safe, actionable sentence; never the provider’s raw error'),
  })
  .meta({ id: 'ConnectionTestResult' });
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const IntegrationParams = z.object({ orgId: z.string(), integrationId: z.string() });
