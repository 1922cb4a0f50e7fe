import { z } from 'zod';
import { MESSAGE_CHANNELS, type messageEvents, type messages } from '../../db/schema/index.js';
import { DateRangeQuery } from '../../platform/date-range.js';
import { iso, isoOrNull, Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';
import { MESSAGE_STATUSES } from './status.js';

/**
 * The response shapes shared by every messaging route (sending, campaigns, the outbound log,
 * the conversation timeline), then the request shapes of the log's own routes. Other features
 * add their request schemas beside their handlers.
 */
export const MessageChannelSchema = z.enum(MESSAGE_CHANNELS);
export const MessageStatusSchema = z.enum(MESSAGE_STATUSES);

export const MessageContent = z.object({
  subject: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
});

export const Message = z
  .object({
    id: z.uuid(),
    direction: z.enum(['outbound', 'inbound']),
    channel: MessageChannelSchema,
    integrationId: z.uuid(),
    campaignId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    identityId: z.uuid().nullable(),
    /** The normalized address sent to (outbound) or received from (inbound). */
    address: z.string().nullable(),
    templateId: z.uuid().nullable(),
    templateVersionId: z.uuid().nullable(),
    content: MessageContent.nullable(),
    status: MessageStatusSchema,
    /** Stable code of a failure or pre-send decision, e.g. `suppressed`, `no_identity`. */
    reasonCode: z.string().nullable(),
    /** A sentence for people; never the provider's raw error text. */
    reason: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    providerErrorCode: z.string().nullable(),
    attempts: z.number().int(),
    nextAttemptAt: Timestamp.nullable(),
    sentAt: Timestamp.nullable(),
    deliveredAt: Timestamp.nullable(),
    lastEventAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

export const MessageEvent = z
  .object({
    id: z.uuid(),
    /** status | attempt | callback | action */
    kind: z.string(),
    /** The message's status after this event. */
    status: MessageStatusSchema,
    /** pipeline | callback | poll | user */
    source: z.string(),
    detail: z.record(z.string(), z.unknown()),
    occurredAt: Timestamp,
  })
  .meta({ id: 'MessageEvent' });
export type MessageEvent = z.infer<typeof MessageEvent>;

export const MessageWithEvents = Message.extend({ events: z.array(MessageEvent) }).meta({
  id: 'MessageWithEvents',
});

/**
 * Messages counted by status: a campaign's progress. Declared with the message shapes so the
 * OpenAPI components keep their order.
 */
export const CampaignStats = z
  .object({
    total: z.number().int(),
    queued: z.number().int(),
    sending: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    read: z.number().int(),
    failed: z.number().int(),
    bounced: z.number().int(),
    suppressed: z.number().int(),
    skipped: z.number().int(),
    needs_review: z.number().int(),
    cancelled: z.number().int(),
  })
  .meta({ id: 'CampaignStats' });
export type CampaignStats = z.infer<typeof CampaignStats>;

export const toMessage = (row: typeof messages.$inferSelect): Message => ({
  id: row.id,
  direction: row.direction,
  channel: row.channel,
  integrationId: row.integrationId,
  campaignId: row.campaignId,
  contactId: row.contactId,
  identityId: row.identityId,
  address: row.address,
  templateId: row.templateId,
  templateVersionId: row.templateVersionId,
  content: row.content ?? null,
  status: row.status as Message['status'],
  reasonCode: row.reasonCode,
  reason: row.reason,
  providerMessageId: row.providerMessageId,
  providerErrorCode: row.providerErrorCode,
  attempts: row.attempts,
  nextAttemptAt: isoOrNull(row.nextAttemptAt),
  sentAt: isoOrNull(row.sentAt),
  deliveredAt: isoOrNull(row.deliveredAt),
  lastEventAt: isoOrNull(row.lastEventAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const toMessageEvent = (row: typeof messageEvents.$inferSelect): MessageEvent => ({
  id: row.id,
  kind: row.kind,
  status: row.status as MessageEvent['status'],
  source: row.source,
  detail: row.detail,
  occurredAt: iso(row.occurredAt),
});

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
