import { z } from 'zod';
import { defineEvent } from '../../platform/events/outbox.js';

/** Notifications subscribe to this: "Campaign … finished". */
export const campaignCompleted = defineEvent(
  'campaign.completed',
  z.object({ campaignId: z.uuid() }),
);
