import { z } from 'zod';
import { API_KEY_SCOPES } from '../../db/schema/index.js';
import { defineEvent } from '../../platform/events/outbox.js';

export const apiKeyCreated = defineEvent(
  'api_key.created',
  z.object({ apiKeyId: z.uuid(), scopes: z.array(z.enum(API_KEY_SCOPES)) }),
);
export const apiKeyRevoked = defineEvent('api_key.revoked', z.object({ apiKeyId: z.uuid() }));
