import { z } from 'zod';
import { CONFLICT_KINDS } from '../../db/schema/index.js';
import { defineEvent } from '../../platform/events/outbox.js';

export const identityConflictOpened = defineEvent(
  'contact.identity_conflict_opened',
  z.object({ conflictId: z.uuid(), kind: z.enum(CONFLICT_KINDS) }),
);
export const contactDeleted = defineEvent('contact.deleted', z.object({ contactId: z.uuid() }));
