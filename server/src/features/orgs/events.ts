import { z } from 'zod';
import { defineEvent } from '../../platform/events/outbox.js';

export const orgCreated = defineEvent(
  'org.created',
  z.object({ orgId: z.uuid(), name: z.string(), createdBy: z.uuid() }),
);
