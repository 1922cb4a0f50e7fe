import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, xid8 } from './columns.js';
import { organizations } from './orgs.js';

export const INTEGRATION_PROVIDERS = ['sendgrid', 'twilio', 'telegram', 'instagram'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];
export const INTEGRATION_STATUSES = ['active', 'needs_attention', 'disabled'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];
export const VERIFICATION_MODES = ['enforced', 'log_only'] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

/**
 * A connection to a provider account. Credentials are one Fernet token (JSON inside), never
 * returned; `credential_hints` holds the masked last characters shown in the UI.
 * `webhook_secret_encrypted` is the secret Switchboard generated for the provider to present
 * (Telegram secret token, Instagram verify token).
 */
export const integrations = pgTable(
  'integrations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<IntegrationProvider>().notNull(),
    name: text('name').notNull(),
    status: text('status').$type<IntegrationStatus>().notNull().default('active'),
    /** Our own sentence explaining `needs_attention`; never a provider's raw error. */
    statusMessage: text('status_message'),
    sandbox: boolean('sandbox').notNull().default(false),
    credentialsEncrypted: text('credentials_encrypted').notNull(),
    credentialHints: jsonb('credential_hints').$type<Record<string, string>>().notNull(),
    settings: jsonb('settings').$type<Record<string, string>>().notNull().default({}),
    webhookSecretEncrypted: text('webhook_secret_encrypted'),
    verification: text('verification').$type<VerificationMode>().notNull().default('enforced'),
    lastTestAt: timestamp('last_test_at', { withTimezone: true }),
    lastTestCode: text('last_test_code'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('integrations_org_id_id_key').on(t.orgId, t.id),
    index('integrations_org_id_provider_idx').on(t.orgId, t.provider),
  ],
);

// LOG_TABLE_ORG — `provider_events`, `webhook_requests` and `webhook_events` are high-volume,
// append-only logs written only with the org of an integration just read, and read through RLS on
// `org_id`. They carry no foreign key to `organizations`: its check locks the org's row on every
// insert, and under concurrent callbacks those shared locks (MultiXacts) made the org row the
// bottleneck of callback ingestion (decision 016). Whatever deletes an organization must delete
// these rows itself.

/**
 * Every provider interaction: outbound API calls and inbound callbacks (accepted, duplicate,
 * rejected). The raw material of the monitoring dashboard; kept when an integration is deleted.
 */
export const providerEvents = pgTable(
  'provider_events',
  {
    id: id(),
    /** No foreign key: see LOG_TABLE_ORG above `provider_events`. */
    orgId: uuid('org_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    provider: text('provider').$type<IntegrationProvider>().notNull(),
    channel: text('channel'),
    /** send | status_fetch | connection_test | webhook_register | callback | webhook_rejected */
    kind: text('kind').notNull(),
    /** ok | retryable | permanent | rate_limited | ambiguous | accepted | duplicate | rejected | unverified */
    outcome: text('outcome').notNull(),
    latencyMs: integer('latency_ms'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    errorCode: text('error_code'),
    /** The message the call or report was about (sends, status fetches, delivery reports). */
    messageId: uuid('message_id'),
    /**
     * The writing transaction's id: the monitoring rollup reads events in this order and only
     * below the oldest transaction still running, so an event committed late is never skipped.
     */
    ingestXid: xid8('ingest_xid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('provider_events_org_id_occurred_at_idx').on(t.orgId, t.occurredAt),
    index('provider_events_integration_kind_idx').on(t.integrationId, t.kind, t.occurredAt),
    index('provider_events_ingest_idx').on(t.ingestXid, t.id),
  ],
);

/**
 * A callback request as received (raw body, the headers that matter) when it carried several
 * events or none. A request with exactly one event — nearly every Twilio and Telegram callback —
 * is kept on its `webhook_events` row instead, so it is one row written, not two.
 */
export const webhookRequests = pgTable(
  'webhook_requests',
  {
    id: id(),
    /** No foreign key: see LOG_TABLE_ORG above `provider_events`. */
    orgId: uuid('org_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    provider: text('provider').$type<IntegrationProvider>().notNull(),
    purpose: text('purpose').notNull(),
    rawBody: text('raw_body').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    verified: boolean('verified').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_requests_integration_idx').on(t.orgId, t.integrationId, t.receivedAt)],
);

/**
 * One provider event from a callback, deduplicated on the provider's event id per integration.
 * `processed_at` is set by the `webhooks.process` job; `type` is null for updates that carry
 * nothing to act on (e.g. a Telegram edit), which are stored for dedupe only.
 * When the request carried only this event, the request itself is here (`raw_body`, `headers`,
 * `purpose`, `verified`, and `request_id = id`); otherwise `request_id` is its `webhook_requests`
 * row and those columns are null.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    /** No foreign key: see LOG_TABLE_ORG above `provider_events`. */
    orgId: uuid('org_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    provider: text('provider').$type<IntegrationProvider>().notNull(),
    providerEventId: text('provider_event_id').notNull(),
    type: text('type'),
    channel: text('channel'),
    providerMessageId: text('provider_message_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
    requestId: uuid('request_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /**
     * How processing ended, set with `processed_at`: `processed`, or `unmatched` (a processor kept
     * deferring it, e.g. a status for a message id we never sent, until the deferral window
     * passed). Null while pending, and on events processed before migration 0021.
     */
    outcome: text('outcome'),
    /** A processor deferred it (e.g. a status for a message whose send result is not committed yet). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    purpose: text('purpose'),
    rawBody: text('raw_body'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    verified: boolean('verified'),
  },
  (t) => [
    uniqueIndex('webhook_events_dedupe_key').on(t.orgId, t.integrationId, t.providerEventId),
    /**
     * The processing queue in due order: a new event is due when received, a deferred one at its
     * `next_attempt_at`, so deferred events that are not due yet are skipped by the index range
     * instead of being walked on every claim.
     */
    index('webhook_events_due_idx')
      .on(sql`coalesce(${t.nextAttemptAt}, ${t.receivedAt})`)
      .where(sql`processed_at is null`),
  ],
);
