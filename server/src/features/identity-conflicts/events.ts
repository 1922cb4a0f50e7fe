import { z } from 'zod';
import { defineEvent } from '../../platform/events/outbox.js';

export const contactsMerged = defineEvent(
  'contact.merged',
  z.object({ mergeId: z.uuid(), targetContactId: z.uuid(), sourceContactId: z.uuid() }),
);
export const contactsUnmerged = defineEvent(
  'contact.unmerged',
  z.object({ mergeId: z.uuid(), targetContactId: z.uuid(), sourceContactId: z.uuid() }),
);
