/** The sending pipeline's part in a campaign's life: completing it, and the periodic sweep. */
import type { Db, Executor } from '../../db/client.js';
import { emitEvent } from '../../platform/events/outbox.js';
import type { MessageRow } from '../message-log/index.js';
import { campaignCompleted } from './events.js';
import { campaignsRepo, completeFinishedCampaigns } from './repo.js';

/**
 * After the outcomes committed, in a transaction of its own: two dispatchers finishing the last
 * two batches at once each see the other's rows uncommitted inside their own transactions, but
 * the later of these checks sees both.
 */
export async function completeCampaigns(db: Db, rows: Pick<MessageRow, 'campaignId'>[]) {
  const ids = [...new Set(rows.map((r) => r.campaignId).filter((c): c is string => !!c))];
  if (!ids.length) return;
  await db.transaction((tx) => completeInTransaction(tx, ids));
}

/** Completes those of these campaigns with nothing left to decide, in the caller's transaction. */
export async function completeInTransaction(tx: Executor, campaignIds: string[]) {
  for (const done of await completeFinishedCampaigns(tx, campaignIds)) {
    await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
  }
}

/** The integration's running campaigns that have nothing left to send. */
export async function completeRunning(db: Db, integrationId: string) {
  const running = await campaignsRepo.runningOf(db, integrationId);
  if (running.length)
    await completeCampaigns(
      db,
      running.map((r) => ({ campaignId: r.id })),
    );
}

/**
 * Starts due scheduled campaigns and completes finished ones, in one transaction; the started
 * campaigns (their integrations have work now).
 */
export async function sweepCampaigns(db: Db) {
  return db.transaction(async (tx) => {
    const started = await campaignsRepo.startScheduled(tx);
    const running = await campaignsRepo.running(tx);
    for (const done of await completeFinishedCampaigns(
      tx,
      running.map((r) => r.id),
    )) {
      await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
    }
    return started;
  });
}
