import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { organizations } from './orgs.js';

export type AuditActorType = 'user' | 'api_key' | 'system';

/**
 * Security-relevant actions. `org_id` is null only for events that belong to no organization
 * (a failed sign-in for an unknown email); those are visible to operators, not tenants.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    actorType: text('actor_type').$type<AuditActorType>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_org_id_id_idx').on(t.orgId, t.id),
    index('audit_log_action_idx').on(t.orgId, t.action),
  ],
);

/**
 * Transactional outbox: written with the state change. `dispatched_at` is when the dispatcher
 * fanned it out into one `domain_event_deliveries` row per subscriber.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: id(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** Retries back off: an event whose handler failed is not picked up again before this. */
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    index('domain_events_pending_idx')
      .on(t.availableAt)
      .where(sql`dispatched_at is null`),
  ],
);

/**
 * One row per (event, subscriber): each subscriber has its own attempts, back-off and error, so a
 * failing one neither blocks nor re-runs the others. Infrastructure, not tenant data: no org_id
 * (the event has it), and the tenant role has no grant on it; written by the dispatcher only.
 */
export const domainEventDeliveries = pgTable(
  'domain_event_deliveries',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => domainEvents.id, { onDelete: 'cascade' }),
    subscriber: text('subscriber').notNull(),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.subscriber] }),
    index('domain_event_deliveries_due_idx')
      .on(t.availableAt, t.eventId)
      .where(sql`delivered_at is null`),
  ],
);

/** Stored responses of side-effecting POSTs, replayed for a repeated `Idempotency-Key`. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    /** Fernet-encrypted JSON: a stored response may carry a secret (a new API key). */
    responseBody: text('response_body'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.principal, t.key] }),
    index('idempotency_keys_expires_at_idx').on(t.expiresAt),
  ],
);
