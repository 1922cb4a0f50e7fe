/**
 * Retention of the callback and provider logs: `webhook_events`, `webhook_requests` and
 * `provider_events` rows older than the retention period are deleted, a bounded batch per
 * statement (each its own short transaction: no long lock, no huge WAL burst), until none is
 * left. What is still needed stays: an event not processed yet (pending or deferred), the
 * request such an event points at, and a provider event the monitoring rollup has not counted yet
 * (after its watermark in `rollup_watermarks`; none is deleted before the rollup has run once).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db, type Executor } from '../../db/client.js';
import { defineJob } from '../../platform/jobs/registry.js';

export const RETENTION_BATCH = 5_000;

/**
 * The smallest UUIDv7 of `at`: every id made at or after it sorts after this one. Ids are UUIDv7
 * (made when the row is written), so an id range on the primary key finds old rows without an
 * index on the time column; the time column is still checked.
 */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

const DELETE_OLD = {
  webhook_events: (cutoff: string, floor: string, limit: number) =>
    sql`delete from webhook_events where id in (
          select id from webhook_events
          where id < ${floor}::uuid and received_at < ${cutoff}::timestamptz
            and processed_at is not null
          order by id limit ${limit})`,
  webhook_requests: (cutoff: string, floor: string, limit: number) =>
    sql`delete from webhook_requests where id in (
          select r.id from webhook_requests r
          where r.id < ${floor}::uuid and r.received_at < ${cutoff}::timestamptz
            and r.id not in (select e.request_id from webhook_events e where e.processed_at is null)
          order by r.id limit ${limit})`,
  provider_events: (cutoff: string, floor: string, limit: number, counted: CountedUpTo) =>
    sql`delete from provider_events where id in (
          select id from provider_events
          where id < ${floor}::uuid and occurred_at < ${cutoff}::timestamptz
            and (ingest_xid, id) <= (${counted.xid}::xid8, ${counted.id}::uuid)
          order by id limit ${limit})`,
};

/** The lowest rollup watermark: every provider event at or before it has been counted. */
interface CountedUpTo {
  xid: string;
  id: string;
}

/** Before any event (no transaction id is 0): what is counted when no rollup has run yet. */
const NOTHING_COUNTED: CountedUpTo = { xid: '0', id: '00000000-0000-0000-0000-000000000000' };

async function countedUpTo(db: Executor): Promise<CountedUpTo> {
  const [row] = await queryRows<CountedUpTo>(
    db,
    sql`select last_xid::text as xid,
          coalesce(last_id, '00000000-0000-0000-0000-000000000000'::uuid) as id
        from rollup_watermarks order by last_xid, last_id nulls first limit 1`,
  );
  return row ?? NOTHING_COUNTED;
}

export type RetainedTable = keyof typeof DELETE_OLD;

/** Deletes what is older than `retentionDays`; returns how many rows left each table. */
export async function purgeOldLogs(
  db: Db,
  opts: { retentionDays: number; batchSize?: number; now?: Date },
): Promise<Record<RetainedTable, number>> {
  const batch = opts.batchSize ?? RETENTION_BATCH;
  const at = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000);
  const cutoff = at.toISOString();
  const floor = uuidv7Floor(at);
  const deleted = { webhook_events: 0, webhook_requests: 0, provider_events: 0 };
  const counted = await countedUpTo(db);
  // Events first: once its old processed events are gone, a request is held back only by an
  // event still pending.
  for (const table of Object.keys(DELETE_OLD) as RetainedTable[]) {
    for (;;) {
      const n = await deleteBatch(db, DELETE_OLD[table](cutoff, floor, batch, counted));
      deleted[table] += n;
      if (n < batch) break;
    }
  }
  return deleted;
}

async function deleteBatch(db: Executor, statement: ReturnType<typeof sql>) {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`with gone as (${statement} returning 1) select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}

/** Hourly; a run finds little after the first one (an hour's worth of rows at most). */
export const retentionJob = (deps: { db: Db; retentionDays: number }) =>
  defineJob({
    name: 'webhooks.retention',
    schema: z.object({}),
    retry: { limit: 3, delaySeconds: 300 },
    cron: '23 * * * *',
    handler: async () => {
      await purgeOldLogs(deps.db, { retentionDays: deps.retentionDays });
    },
  });
