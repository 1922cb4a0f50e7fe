import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';

/**
 * Per-integration pacing shared by every worker through the database (`send_rate_limits`).
 *
 * The rate is a virtual schedule (GCRA): `next_slot_at` is the first free send slot. A batch of
 * n sends reserves n slots in one upsert and starts at the returned time, one send every 1/rate
 * seconds, so any number of dispatchers on any number of processes together stay at the rate.
 * A provider's 429 sets `blocked_until` from its `Retry-After`; nobody sends before it.
 */
export function rateLimiter(_db: Executor) {
  return {
    async state(db: Executor, integrationId: string): Promise<{ blockedUntil: number | null }> {
      const [row] = await queryRows<{ blocked: number | string | null }>(
        db,
        sql`select extract(epoch from blocked_until) * 1000 as blocked
            from send_rate_limits where integration_id = ${integrationId}`,
      );
      return { blockedUntil: row?.blocked == null ? null : Number(row.blocked) };
    },

    /** n slots at `rate` per second: when the first starts (local clock) and the spacing. */
    async reserve(
      db: Executor,
      integration: { id: string; orgId: string },
      n: number,
      rate: number | null,
    ): Promise<{ startAt: number; intervalMs: number }> {
      if (!rate || n === 0) return { startAt: Date.now(), intervalMs: 0 };
      const intervalMs = 1000 / rate;
      const span = `${(n * intervalMs).toFixed(3)} milliseconds`;
      const [row] = await queryRows<{ start: number | string; now: number | string }>(
        db,
        sql`insert into send_rate_limits (integration_id, org_id, next_slot_at)
            values (${integration.id}, ${integration.orgId}, clock_timestamp() + ${span}::interval)
            on conflict (integration_id) do update
              set next_slot_at = greatest(send_rate_limits.next_slot_at, clock_timestamp())
                                 + ${span}::interval,
                  updated_at = now()
            returning extract(epoch from next_slot_at - ${span}::interval) * 1000 as start,
                      extract(epoch from clock_timestamp()) * 1000 as now`,
      );
      // The database's clock decides the schedule; translate it to ours.
      return { startAt: Date.now() + (Number(row!.start) - Number(row!.now)), intervalMs };
    },

    /** A provider's 429: nobody sends through this integration before `until`. */
    async block(db: Executor, integration: { id: string; orgId: string }, until: Date) {
      await db.execute(
        sql`insert into send_rate_limits (integration_id, org_id, blocked_until)
            values (${integration.id}, ${integration.orgId}, ${until.toISOString()}::timestamptz)
            on conflict (integration_id) do update
              set blocked_until = greatest(send_rate_limits.blocked_until, excluded.blocked_until),
                  updated_at = now()`,
      );
    },
  };
}
