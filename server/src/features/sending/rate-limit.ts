import type { Executor } from '../../db/client.js';
import { sendingRepo } from './repo.js';

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
      return { blockedUntil: await sendingRepo.blockedUntil(db, integrationId) };
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
      const clock = await sendingRepo.reserveSlots(db, integration, span);
      // The database's clock decides the schedule; translate it to ours.
      return { startAt: Date.now() + (clock.start - clock.now), intervalMs };
    },

    /** A provider's 429: nobody sends through this integration before `until`. */
    async block(db: Executor, integration: { id: string; orgId: string }, until: Date) {
      await sendingRepo.block(db, integration, until);
    },
  };
}
