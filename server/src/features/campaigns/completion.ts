/** The sending pipeline's part in a campaign's life: completing it, and the periodic sweep. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { emitEvent } from '../../platform/events/outbox.js';
import type { MessageRow } from '../message-log/index.js';
import { campaignCompleted } from './events.js';
import { completeFinishedCampaigns } from './repo.js';

/**
 * After the outcomes committed, in a transaction of its own: two dispatchers finishing the last
 * two batches at once each see the other's rows uncommitted inside their own transactions, but
 * the later of these checks sees both.
 */
export async function completeCampaigns(db: Db, rows: Pick<MessageRow, 'campaignId'>[]) {
  const ids = [...new Set(rows.map((r) => r.campaignId).filter((c): c is string => !!c))];
  if (!ids.length) return;
  await db.transaction(async (tx) => {
    for (const done of await completeFinishedCampaigns(tx, ids)) {
      await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
    }
  });
}

/** The integration's running campaigns that have nothing left to send. */
export async function completeRunning(db: Db, integrationId: string) {
  const running = await queryRows<{ id: string }>(
    db,
    sql`select id from campaigns where integration_id = ${integrationId} and status = 'running'`,
  );
  if (running.length)
    await completeCampaigns(
      db,
      running.map((r) => ({ campaignId: r.id })),
    );
}

/** Starts due scheduled campaigns, completes finished ones; integrations with due work. */
export async function sweepCampaigns(db: Db) {
  const woken = new Map<string, { orgId: string; integrationId: string }>();
  await db.transaction(async (tx) => {
    const started = await queryRows<{ id: string; orgId: string; integrationId: string }>(
      tx,
      sql`update campaigns set status = 'running', updated_at = now()
          where status = 'scheduled' and scheduled_at <= now()
          returning id, org_id as "orgId", integration_id as "integrationId"`,
    );
    for (const c of started) {
      woken.set(c.integrationId, { orgId: c.orgId, integrationId: c.integrationId });
    }
    const running = await queryRows<{ id: string }>(
      tx,
      sql`select id from campaigns where status = 'running'`,
    );
    for (const done of await completeFinishedCampaigns(
      tx,
      running.map((r) => r.id),
    )) {
      await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
    }
  });
  const due = await queryRows<{ orgId: string; integrationId: string }>(
    db,
    sql`select distinct m.org_id as "orgId", m.integration_id as "integrationId"
        from messages m left join campaigns c on c.id = m.campaign_id
        where m.status in ('queued', 'sending') and m.next_attempt_at <= now()
          and (m.status = 'sending' or m.campaign_id is null
               or c.status in ('running', 'completed'))`,
  );
  for (const d of due) {
    woken.set(d.integrationId, { orgId: d.orgId, integrationId: d.integrationId });
  }
  return [...woken.values()];
}
