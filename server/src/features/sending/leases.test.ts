import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { integrations, messages } from '../../db/schema/index.js';
import { systemContext } from '../../platform/system-context.js';
import { LEASE_SWEEP_SECONDS } from './jobs.js';
import { holdLeases } from './lease.js';
import { DEFAULT_PIPELINE_OPTIONS } from './pipeline.js';
import { createReconciler } from './reconcile.js';
import { sendingRepo } from './repo.js';
import type { ProviderSender } from './senders.js';
import { createSendTestApp } from './test-helpers.js';

const {
  t,
  owner,
  twilioId,
  sendgridId,
  pipeline,
  drain,
  contact,
  sendOne,
  messageRow,
  eventsOf,
  accepted,
  knobs,
} = await createSendTestApp();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconciled = async (id: string) =>
  (await eventsOf(id)).filter((e) => e.detail.reconcile !== undefined);

/** The row as a worker leaves it when it dies after claiming (and maybe sending) it. */
async function diedHolding(id: string, leaseEnd: Date) {
  await t.database.db
    .update(messages)
    .set({
      status: 'sending',
      providerMessageId: null,
      sentAt: null,
      reasonCode: null,
      reason: null,
      nextAttemptAt: leaseEnd,
    })
    .where(eq(messages.id, id));
}

describe('claim leases', () => {
  it('a dead worker is noticed within the lease plus one lease sweep: at most 15 s by default', () => {
    expect(DEFAULT_PIPELINE_OPTIONS.leaseMs + LEASE_SWEEP_SECONDS * 1000).toBeLessThanOrEqual(
      15_000,
    );
  });

  it('a live worker whose provider call outlasts the lease keeps its claim (heartbeat): nobody looks it up or sends it again', async () => {
    const c = await contact('Slow provider', [{ channel: 'phone', value: '+14155557101' }]);
    const m = await sendOne({ integrationId: twilioId, contactId: c.id, body: { text: 'Slow' } });
    // Short, but with room for a busy machine: the heartbeat has 750 ms to confirm each lease.
    const leaseMs = 1_000;
    const before = accepted('twilio');
    knobs({ latencyMs: 4_000 });
    try {
      const first = drain(twilioId, { leaseMs });
      while ((await messageRow(m.id)).status !== 'sending') await sleep(20);
      // Several leases later, the call is still in flight; another dispatcher runs meanwhile.
      await sleep(3 * leaseMs);
      expect((await messageRow(m.id)).status).toBe('sending');
      expect(await pipeline({ leaseMs }).expiredLeases()).toEqual([]);
      await Promise.all([first, drain(twilioId, { leaseMs })]);
    } finally {
      knobs({ latencyMs: 0 });
    }
    expect(accepted('twilio') - before).toBe(1);
    expect(await messageRow(m.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await reconciled(m.id)).toEqual([]);
  });

  it('a worker that died after the provider took the message: the sweep finds the lapsed lease, the lookup finds the message, nothing is sent again', async () => {
    const c = await contact('Died after send', [{ channel: 'phone', value: '+14155557102' }]);
    const m = await sendOne({ integrationId: twilioId, contactId: c.id, body: { text: 'Once' } });
    await drain(twilioId);
    const sid = (await messageRow(m.id)).providerMessageId;
    expect(sid).toMatch(/^SM/);
    const before = accepted('twilio');

    // Its lease still runs: not a dead worker's yet.
    await diedHolding(m.id, new Date(Date.now() + 60_000));
    const sweep = () => pipeline().expiredLeases();
    expect(await sweep()).not.toContainEqual({ orgId: owner.org.id, integrationId: twilioId });
    // Its lease ran out (no heartbeat came).
    await diedHolding(m.id, new Date(Date.now() - 1));
    expect(await sweep()).toContainEqual({ orgId: owner.org.id, integrationId: twilioId });
    // A disabled integration's dispatcher would do nothing: not woken every sweep.
    const setStatus = (status: 'disabled' | 'active') =>
      t.database.db.update(integrations).set({ status }).where(eq(integrations.id, twilioId));
    await setStatus('disabled');
    expect(await sweep()).not.toContainEqual({ orgId: owner.org.id, integrationId: twilioId });
    await setStatus('active');

    await drain(twilioId);
    expect(accepted('twilio')).toBe(before);
    expect(await messageRow(m.id)).toMatchObject({
      status: 'sent',
      providerMessageId: sid,
      attempts: 1,
    });
    expect((await reconciled(m.id)).map((e) => e.detail.reconcile)).toEqual(['found']);
  });

  it('a worker that died before calling the provider: looked up, not found, sent once right away', async () => {
    const c = await contact('Died before send', [{ channel: 'phone', value: '+14155557103' }]);
    const m = await sendOne({ integrationId: twilioId, contactId: c.id, body: { text: 'Late' } });
    await t.database.db
      .update(messages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1) })
      .where(eq(messages.id, m.id));
    const before = accepted('twilio');
    // Backoff as slow as it gets: a dead worker is not a provider failure to back off from.
    await drain(twilioId, { waitMs: 0, retry: { baseMs: 60_000, capMs: 60_000, maxAttempts: 3 } });
    expect(accepted('twilio') - before).toBe(1);
    expect(await messageRow(m.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a provider whose lookup lags: not found right after the lease ran out is asked again after the lag, not resent', async () => {
    const c = await contact('Lagging lookup', [{ channel: 'email', value: 'lag@example.com' }]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Lag' },
    });
    await t.database.db
      .update(messages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1) })
      .where(eq(messages.id, m.id));
    let sends = 0;
    const sender: ProviderSender = {
      lookupLagMs: 120_000,
      send: async () => {
        sends++;
        throw new Error('not expected: reconciling never sends');
      },
      lookup: async () => ({ ok: true, latencyMs: 1, value: { found: false } }),
    };
    const integration = await t.database.db.transaction((tx) =>
      t.services.integrations.resolve(systemContext(tx, owner.org.id, 'test'), sendgridId),
    );
    const reconcile = createReconciler({
      db: t.database.db,
      integrations: t.services.integrations,
      logger: pino({ level: 'silent' }),
      options: DEFAULT_PIPELINE_OPTIONS,
    });
    const asked = Date.now();
    expect(await reconcile(integration, sender)).toBe(1);
    const waiting = await messageRow(m.id);
    expect(waiting).toMatchObject({ status: 'sending', reasonCode: 'unconfirmed', attempts: 1 });
    expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(asked + 120_000);
    // Once the lag has passed, not found is an answer: queued to go out again.
    await t.database.db
      .update(messages)
      .set({ nextAttemptAt: new Date(Date.now() - 1) })
      .where(eq(messages.id, m.id));
    expect(await reconcile(integration, sender)).toBe(1);
    expect(await messageRow(m.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await reconciled(m.id)).map((e) => e.detail.reconcile)).toEqual([
      'not_found_yet',
      'not_found',
    ]);
    expect(sends).toBe(0);
  });

  it('a reconciler whose lookup outlasts the lease keeps the row: a second one finds nothing to do', async () => {
    const c = await contact('Slow lookup', [
      { channel: 'email', value: 'slow-lookup@example.com' },
    ]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Slow lookup' },
    });
    await t.database.db
      .update(messages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1) })
      .where(eq(messages.id, m.id));
    const leaseMs = 1_000;
    let lookups = 0;
    const sender: ProviderSender = {
      lookupLagMs: 0,
      send: async () => {
        throw new Error('not expected: reconciling never sends');
      },
      lookup: async () => {
        lookups++;
        await sleep(3 * leaseMs);
        return { ok: true, latencyMs: 3 * leaseMs, value: { found: false } };
      },
    };
    const integration = await t.database.db.transaction((tx) =>
      t.services.integrations.resolve(systemContext(tx, owner.org.id, 'test'), sendgridId),
    );
    const reconciler = () =>
      createReconciler({
        db: t.database.db,
        integrations: t.services.integrations,
        logger: pino({ level: 'silent' }),
        options: { ...DEFAULT_PIPELINE_OPTIONS, leaseMs },
      });
    const first = reconciler()(integration, sender);
    await sleep(2 * leaseMs);
    expect(await reconciler()(integration, sender)).toBe(0);
    expect(await first).toBe(1);
    expect(lookups).toBe(1);
    const row = await messageRow(m.id);
    // Not found: queued again at once, ahead of what was queued after it.
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.nextAttemptAt!.getTime()).toBeLessThanOrEqual(row.createdAt.getTime());
  });

  it('a heartbeat renews only leases still running; a lapsed one is lost for good', async () => {
    const c = await contact('Heartbeat', [{ channel: 'phone', value: '+14155557104' }]);
    const live = await sendOne({ integrationId: twilioId, contactId: c.id, body: { text: 'A' } });
    const lapsed = await sendOne({ integrationId: twilioId, contactId: c.id, body: { text: 'B' } });
    await diedHolding(live.id, new Date(Date.now() + 1_000));
    await diedHolding(lapsed.id, new Date(Date.now() - 1));
    try {
      const renewed = await sendingRepo.renewLeases(t.database.db, [live.id, lapsed.id], 5_000);
      expect(renewed.map((r) => r.id)).toEqual([live.id]);
      expect((await messageRow(live.id)).nextAttemptAt!.getTime()).toBeGreaterThan(
        Date.now() + 3_000,
      );

      let now = Date.now();
      const hold = holdLeases(
        { db: t.database.db, logger: pino({ level: 'silent' }), now: () => now },
        { ids: [live.id], until: now + 1_000, leaseMs: 1_000 },
      );
      expect(hold.held(live.id)).toBe(true);
      expect(hold.held(lapsed.id)).toBe(false);
      now += 800; // less than a quarter lease left: no longer sent by this worker
      expect(hold.held(live.id)).toBe(false);
      now -= 800;
      expect(hold.held(live.id)).toBe(false);
      await hold.stop();
    } finally {
      await t.database.db
        .update(messages)
        .set({ status: 'cancelled', nextAttemptAt: null })
        .where(sql`${messages.id} in (${live.id}, ${lapsed.id})`);
    }
  });
});
