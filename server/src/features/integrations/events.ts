import { z } from 'zod';
import { INTEGRATION_PROVIDERS, INTEGRATION_STATUSES } from '../../db/schema/index.js';
import { defineEvent } from '../../platform/events/outbox.js';

const ref = { integrationId: z.uuid(), provider: z.enum(INTEGRATION_PROVIDERS) };

export const integrationCreated = defineEvent('integration.created', z.object(ref));
export const integrationDeleted = defineEvent('integration.deleted', z.object(ref));
/** Notifications subscribe to this: e.g. "Telegram needs attention". */
export const integrationStatusChanged = defineEvent(
  'integration.status_changed',
  z.object({
    ...ref,
    status: z.enum(INTEGRATION_STATUSES),
    previous: z.enum(INTEGRATION_STATUSES),
  }),
);
