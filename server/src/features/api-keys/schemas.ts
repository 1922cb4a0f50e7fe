import { z } from 'zod';
import { API_KEY_SCOPES } from '../../db/schema/index.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(ApiKeyScopeSchema),
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** Returned once, at creation: `key` is the secret and is not stored. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });

export const CreateApiKeyBody = z.strictObject({
  name: DisplayName,
  scopes: z
    .array(ApiKeyScopeSchema)
    .min(1, 'choose at least one scope')
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
});

export const ApiKeyParams = z.object({ orgId: z.string(), keyId: z.string() });
