import { sql } from 'drizzle-orm';
import {
  bigint,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { IntegrationProvider } from './integrations.js';
import { xid8 } from './columns.js';

export const ROLLUP_LEVELS = ['minute', 'hour', 'day'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/** A latency histogram: DDSketch log-mapping key → count (`z` counts zero values). */
export type LatencyHistogram = Record<string, number>;

/**
 * `provider_events` counted per (org, integration, channel, kind, outcome) and UTC minute, hour
 * and day, each level written from the same batch of events. Latency has a count, a sum and a
 * mergeable log-scale histogram, so percentiles over any range come from adding buckets. Like the
 * raw log it has no foreign key to `organizations` (LOG_TABLE_ORG in integrations.ts).
 */
export const providerRollups = pgTable(
  'provider_rollups',
  {
    orgId: uuid('org_id').notNull(),
    level: text('level').$type<RollupLevel>().notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    integrationId: uuid('integration_id').notNull(),
    provider: text('provider').$type<IntegrationProvider>().notNull(),
    /** '' for events without a channel (connection tests, webhook registrations). */
    channel: text('channel').notNull().default(''),
    kind: text('kind').notNull(),
    outcome: text('outcome').notNull(),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
    latencyCount: bigint('latency_count', { mode: 'number' }).notNull().default(0),
    latencySum: bigint('latency_sum', { mode: 'number' }).notNull().default(0),
    latencyHist: jsonb('latency_hist').$type<LatencyHistogram>(),
    /** The newest event counted here: when a provider last answered or called back. */
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'provider_rollups_pk',
      columns: [t.orgId, t.level, t.bucketStart, t.integrationId, t.kind, t.outcome, t.channel],
    }),
  ],
);

/**
 * How far each rollup has read `provider_events`, in (ingest_xid, id) order. Advanced in the same
 * transaction as the rollup rows it wrote: a crash never counts an event twice or skips one.
 */
export const rollupWatermarks = pgTable('rollup_watermarks', {
  name: text('name').primaryKey(),
  lastXid: xid8('last_xid')
    .notNull()
    .default(sql`'0'::xid8`),
  lastId: uuid('last_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Events counted so far (for the lag metric and the bench). */
  counted: bigint('counted', { mode: 'number' }).notNull().default(0),
  lagSeconds: integer('lag_seconds'),
});
