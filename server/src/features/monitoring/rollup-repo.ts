/**
 * The SQL of the monitoring rollup (rollup.ts): reading `provider_events` in ingest order from a
 * watermark, upserting `provider_rollups`, and deleting old rollup rows. No histogram key is made
 * here: keys come from histogram.ts, SQL only adds counts (`monitoring_histogram_merge`, migration 0026).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import type { IntegrationProvider } from '../../db/schema/integrations.js';
import type { LatencyHistogram, RollupLevel } from '../../db/schema/monitoring.js';

/** One writer at a time system-wide (a transaction-scoped advisory lock; 7270xx are ours). */
export const ROLLUP_LOCK_ID = 727_015;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A position in `provider_events`' (ingest_xid, id) order. */
export interface IngestPosition {
  xid: string;
  id: string;
}

export const START: IngestPosition = { xid: '0', id: NIL_UUID };

export interface Watermark extends IngestPosition {
  lagSeconds: number | null;
}

export interface IngestedEvent {
  id: string;
  ingestXid: string;
  orgId: string;
  integrationId: string;
  provider: IntegrationProvider;
  channel: string | null;
  kind: string;
  outcome: string;
  latencyMs: number | null;
  /** `occurred_at` in whole microseconds since the epoch (exact below 2^53). */
  occurredUs: number;
  /** `occurred_at` in ISO 8601 to the microsecond: written back as `last_at` without rounding. */
  occurredText: string;
}

export interface RollupRow {
  orgId: string;
  level: RollupLevel;
  bucketStart: string;
  integrationId: string;
  provider: IntegrationProvider;
  channel: string;
  kind: string;
  outcome: string;
  events: number;
  latencyCount: number;
  latencySum: number;
  latencyHist: LatencyHistogram | null;
  lastAt: string;
}

export async function tryRollupLock(tx: Executor): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_ID}) as locked`,
  );
  return row?.locked === true;
}

export async function readWatermark(tx: Executor, name: string): Promise<Watermark> {
  const [row] = await queryRows<{ xid: string; id: string | null; lag: number | null }>(
    tx,
    sql`select last_xid::text as xid, last_id as id, lag_seconds as lag
        from rollup_watermarks where name = ${name}`,
  );
  return row
    ? { xid: row.xid, id: row.id ?? NIL_UUID, lagSeconds: row.lag }
    : { ...START, lagSeconds: null };
}

const EVENT_COLUMNS = sql`id, ingest_xid::text as "ingestXid", org_id as "orgId",
  integration_id as "integrationId", provider, channel, kind, outcome, latency_ms as "latencyMs",
  (extract(epoch from occurred_at) * 1000000)::bigint::text as "occurredUs",
  to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredText"`;

/**
 * The next events after `after` whose transactions have all ended: below the oldest transaction
 * still running (the snapshot's xmin), every transaction has committed or aborted, so nothing can
 * appear there later. An event of a transaction still open, and every event after it, waits.
 */
export async function readCountableEvents(
  tx: Executor,
  after: IngestPosition,
  limit: number,
): Promise<IngestedEvent[]> {
  const rows = await queryRows<IngestedEvent & { occurredUs: string }>(
    tx,
    sql`select ${EVENT_COLUMNS} from provider_events
        where (ingest_xid, id) > (${after.xid}::xid8, ${after.id}::uuid)
          and ingest_xid < pg_snapshot_xmin(pg_current_snapshot())
        order by ingest_xid, id
        limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, occurredUs: Number(r.occurredUs) }));
}

/** When the first event after `after` (countable or not) occurred, in ms; null if none. */
export async function nextUncountedAt(tx: Executor, after: IngestPosition): Promise<number | null> {
  const [row] = await queryRows<{ ms: number }>(
    tx,
    sql`select floor(extract(epoch from occurred_at) * 1000)::float8 as ms from provider_events
        where (ingest_xid, id) > (${after.xid}::xid8, ${after.id}::uuid)
        order by ingest_xid, id
        limit 1`,
  );
  return row ? Number(row.ms) : null;
}

/** Adds a batch's aggregates to the stored rows (one row per key in `rows`). */
export async function upsertRollups(tx: Executor, rows: RollupRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    insert into provider_rollups as r (org_id, level, bucket_start, integration_id, provider,
      channel, kind, outcome, events, latency_count, latency_sum, latency_hist, last_at)
    select "orgId", level, "bucketStart", "integrationId", provider, channel, kind, outcome,
      events, "latencyCount", "latencySum", "latencyHist", "lastAt"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("orgId" uuid, level text,
      "bucketStart" timestamptz, "integrationId" uuid, provider text, channel text, kind text,
      outcome text, events bigint, "latencyCount" bigint, "latencySum" bigint,
      "latencyHist" jsonb, "lastAt" timestamptz)
    on conflict on constraint provider_rollups_pk do update set
      events = r.events + excluded.events,
      latency_count = r.latency_count + excluded.latency_count,
      latency_sum = r.latency_sum + excluded.latency_sum,
      latency_hist = monitoring_histogram_merge(r.latency_hist, excluded.latency_hist),
      last_at = greatest(r.last_at, excluded.last_at)`);
}

export async function writeWatermark(
  tx: Executor,
  name: string,
  mark: { to: IngestPosition; counted: number; lagSeconds: number | null },
): Promise<void> {
  await tx.execute(sql`
    insert into rollup_watermarks (name, last_xid, last_id, counted, lag_seconds, updated_at)
    values (${name}, ${mark.to.xid}::xid8, ${mark.to.id}::uuid, ${mark.counted},
      ${mark.lagSeconds}, now())
    on conflict (name) do update set
      last_xid = excluded.last_xid,
      last_id = excluded.last_id,
      counted = rollup_watermarks.counted + excluded.counted,
      lag_seconds = excluded.lag_seconds,
      updated_at = excluded.updated_at`);
}

/**
 * The orgs that have rollup rows, by a loose index scan of the primary key (one probe per org):
 * retention then deletes by (org_id, level, bucket_start), a range of that key, with no index of
 * its own on the table the rollup writes to most.
 */
export async function orgsWithRollups(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ orgId: string }>(
    db,
    sql`with recursive orgs(org_id) as (
          (select org_id from provider_rollups order by org_id limit 1)
          union all
          select (select r.org_id from provider_rollups r where r.org_id > orgs.org_id
                  order by r.org_id limit 1)
          from orgs where orgs.org_id is not null)
        select org_id as "orgId" from orgs where org_id is not null`,
  );
  return rows.map((r) => r.orgId);
}

/** Deletes up to `limit` of an org's rows of `level` that start before `cutoff`; returns how many. */
export async function deleteRollupsBefore(
  db: Executor,
  at: { orgId: string; level: RollupLevel; cutoff: Date; limit: number },
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with gone as (
          delete from provider_rollups where ctid = any(array(
            select ctid from provider_rollups
            where org_id = ${at.orgId}::uuid and level = ${at.level}
              and bucket_start < ${at.cutoff.toISOString()}::timestamptz
            limit ${at.limit}))
          returning 1)
        select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}
