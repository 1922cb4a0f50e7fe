import { z } from 'zod';
import { DateRangeQuery } from '../../platform/date-range.js';
import { PaginationQuery } from '../../platform/pagination.js';
import { MessageChannelSchema, MessageStatusSchema } from './schemas.js';

/** `GET /messages`: the outbound log (and inbound messages), newest first. */
export const ListMessagesQuery = PaginationQuery.extend(
  DateRangeQuery.omit({ granularity: true }).shape,
).extend({
  campaignId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  channel: MessageChannelSchema.optional(),
  status: MessageStatusSchema.optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const MessageParams = z.object({ orgId: z.string(), messageId: z.string() });
export const ConversationParams = z.object({ orgId: z.string(), contactId: z.string() });
export const ConversationQuery = PaginationQuery;
export type ConversationQuery = z.infer<typeof ConversationQuery>;
