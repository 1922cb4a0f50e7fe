import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { organizations } from './orgs.js';

const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** The channels a message travels on (a template's and a provider's; `sms` is a `phone` identity). */
export const MESSAGE_CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'instagram'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignAudience {
  groupIds: string[];
  contactIds: string[];
  /** Optional narrowing: only contacts that have an identity on this channel, matching text… */
  filter?: { query?: string | undefined; channel?: string | undefined } | undefined;
}

/**
 * A campaign: one pinned template version sent through one integration to a snapshotted
 * audience. `template_version_id` is null until launch pins it; the audience snapshot is the set
 * of message rows created at launch (one per contact, unique).
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    templateId: uuid('template_id').notNull(),
    templateVersionId: uuid('template_version_id'),
    integrationId: uuid('integration_id').notNull(),
    channel: text('channel').$type<MessageChannel>().notNull(),
    audience: jsonb('audience').$type<CampaignAudience>().notNull(),
    /** Campaign-wide values for the template's variables (contact fields come from the contact). */
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<CampaignStatus>().notNull().default('draft'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    rateLimitPerSecond: integer('rate_limit_per_second'),
    launchedAt: timestamp('launched_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaigns_org_id_created_idx').on(t.orgId, t.createdAt),
    check(
      'campaigns_status_check',
      sql`${t.status} in ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')`,
    ),
  ],
);

/**
 * One message, outbound or inbound: the outbound log and the conversation timeline are this
 * table. Outbound statuses follow features/message-log/status.ts. `contact_id` survives a merge
 * (moved to the kept contact) and is nulled when the contact is deleted (the log stays).
 */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    orgId: orgId(),
    direction: text('direction').$type<'outbound' | 'inbound'>().notNull(),
    channel: text('channel').$type<MessageChannel>().notNull(),
    integrationId: uuid('integration_id').notNull(),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id'),
    /**
     * A campaign message's recipient as the launch chose it. Unlike `contact_id`, which follows a
     * merge, it never changes: a campaign has one message per recipient, and after a merge the
     * kept contact holds both messages of a campaign the two contacts each received.
     */
    recipientContactId: uuid('recipient_contact_id'),
    identityId: uuid('identity_id'),
    /** The normalized address we sent to (outbound) or received from (inbound); null if none. */
    address: text('address'),
    templateId: uuid('template_id'),
    templateVersionId: uuid('template_version_id'),
    variables: jsonb('variables').$type<Record<string, unknown>>(),
    /** What was (or will be) sent or was received: `{subject?, text?, html?}`, set once rendered. */
    content: jsonb('content').$type<{ subject?: string; text?: string; html?: string }>(),
    status: text('status').notNull(),
    /** Our stable code for a failure or a pre-send decision (e.g. `suppressed`, `template_missing_variable`). */
    reasonCode: text('reason_code'),
    /** A sentence for people; never a provider's raw error text. */
    reason: text('reason'),
    providerMessageId: text('provider_message_id'),
    providerErrorCode: text('provider_error_code'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** For one-off sends: the caller's `Idempotency-Key` (unique per org). */
    idempotencyKey: text('idempotency_key'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    /** Status polling when callbacks do not come (features/provider-callbacks/polling.ts). */
    pollAttempts: integer('poll_attempts').notNull().default(0),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('messages_campaign_recipient_uq')
      .on(t.campaignId, t.recipientContactId)
      .where(sql`${t.campaignId} is not null`),
    uniqueIndex('messages_org_idempotency_uq')
      .on(t.orgId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    uniqueIndex('messages_provider_message_uq')
      .on(t.integrationId, t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    index('messages_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('messages_campaign_status_idx').on(t.campaignId, t.status),
    index('messages_contact_idx').on(t.orgId, t.contactId, t.createdAt),
    /** The dispatcher's queue: due outbound work per integration. */
    index('messages_dispatch_idx')
      .on(t.integrationId, t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'sending')`),
    /**
     * Claims in flight, by lease end: the lease sweep (every 2 s in every worker) reads only these,
     * however long the queue behind them.
     */
    index('messages_sending_lease_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'sending'`),
    index('messages_awaiting_status_idx')
      .on(t.status, t.sentAt)
      .where(sql`${t.status} = 'sent'`),
    check('messages_direction_check', sql`${t.direction} in ('outbound', 'inbound')`),
  ],
);

/**
 * A message's history: every status change, send attempt, provider event and action, in order.
 * `source`: pipeline | callback | poll | user | recipient (an unsubscribe through its link).
 */
export const messageEvents = pgTable(
  'message_events',
  {
    id: id(),
    orgId: orgId(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** status | attempt | callback | action */
    kind: text('kind').notNull(),
    /** The message's status after this event. */
    status: text('status').notNull(),
    source: text('source').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /** When it happened at the provider (callbacks) or here. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index('message_events_message_idx').on(t.messageId, t.occurredAt)],
);

/**
 * Per-integration send pacing, shared by every worker process: the next free send slot (the
 * campaign rate, as a virtual schedule) and a block set by a provider's 429 `Retry-After`.
 */
export const sendRateLimits = pgTable('send_rate_limits', {
  integrationId: uuid('integration_id').primaryKey(),
  orgId: orgId(),
  nextSlotAt: timestamp('next_slot_at', { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  updatedAt: updatedAt(),
});
