import { z } from 'zod';
import {
  INTEGRATION_STATUSES,
  VERIFICATION_MODES,
  type IntegrationProvider,
} from '../../db/schema/index.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';
import { optionalEdgeField } from '../../providers/edge.js';
import { providerOf } from '../../providers/registry.js';
import { PROVIDERS } from '../../providers/types.js';

const common = {
  name: DisplayName.optional(),
  sandbox: z
    .boolean()
    .default(false)
    .describe('Use the built-in provider sandbox (only while SANDBOX is on)'),
  verification: z.enum(VERIFICATION_MODES).default('enforced'),
};

/** One variant per provider, from its loose edge shapes; the service checks the exact formats. */
const variant = <P extends IntegrationProvider>(provider: P) =>
  z.strictObject({
    provider: z.literal(provider),
    ...common,
    credentials: providerOf(provider).createBody.credentials as z.ZodType<
      Record<string, string | undefined>
    >,
    settings: providerOf(provider).createBody.settings as z.ZodType<
      Record<string, string | undefined>
    >,
  });

const [first, ...rest] = PROVIDERS.map(variant);
export const CreateIntegrationBody = z.discriminatedUnion('provider', [first!, ...rest]);
export type CreateIntegrationBody = z.infer<typeof CreateIntegrationBody>;

export const UpdateIntegrationBody = z.strictObject({
  name: DisplayName.optional(),
  /** Replaces the given credential fields only; the others are kept. */
  credentials: z.record(z.string().max(40), optionalEdgeField).optional(),
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
    provider: z.enum(PROVIDERS),
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
