/** A live worker's hold on the messages it claimed: a lease renewed by a heartbeat. */
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { sendingRepo } from './repo.js';

export interface LeaseHold {
  /**
   * Whether this worker may still call the provider for the message: its lease, as last
   * confirmed by the database, has at least a quarter of the lease left. Once false, false for
   * good: the claim may be another worker's (it is reconciled at the provider before any resend).
   */
  held(id: string): boolean;
  /** Stops renewing (the sends are over); waits for a renewal in flight. */
  stop(): Promise<void>;
}

/**
 * Renews the lease of `ids` every quarter lease while the batch is in flight, so a slow provider
 * call by a live worker never looks like a dead worker's claim, while a dead worker's claims run
 * out `leaseMs` after its last heartbeat. `until` is the lease the claim set (the database's
 * clock, in ms); worker and database clocks are assumed to agree within a quarter lease.
 */
export function holdLeases(
  deps: { db: Db; logger: Pick<Logger, 'warn'>; now?: () => number },
  claim: { ids: string[]; until: number; leaseMs: number },
): LeaseHold {
  const now = deps.now ?? Date.now;
  const margin = claim.leaseMs / 4;
  const until = new Map(claim.ids.map((id) => [id, claim.until]));
  const lost = new Set<string>();
  const held = (id: string) => {
    if (lost.has(id)) return false;
    const end = until.get(id);
    if (end !== undefined && now() < end - margin) return true;
    lost.add(id);
    return false;
  };
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    const ids = claim.ids.filter((id) => !lost.has(id));
    if (!ids.length) return;
    try {
      const renewed = await sendingRepo.renewLeases(deps.db, ids, claim.leaseMs);
      const byId = new Map(renewed.map((r) => [r.id, r.until]));
      for (const id of ids) {
        const end = byId.get(id);
        // Not renewed: its lease ran out before this heartbeat, or it left `sending`.
        if (end === undefined) lost.add(id);
        else if (!lost.has(id)) until.set(id, end);
      }
    } catch (err) {
      // The next heartbeat tries again; the claims lapse (and stop being sent) if none succeeds.
      deps.logger.warn({ err }, 'could not renew send leases');
    }
  };
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, margin);
  return {
    held,
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}
