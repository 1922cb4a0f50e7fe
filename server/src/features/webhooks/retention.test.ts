import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { providerEvents, webhookEvents, webhookRequests } from '../../db/schema/index.js';
import { createTestDatabase } from '../../test/db.js';
import { rollUpAll } from '../monitoring/rollup.test-helpers.js';
import { purgeOldLogs, retentionJob, uuidv7Floor } from './retention.js';

const database = await createTestDatabase();
const { db } = database;
afterAll(() => database.close());

const DAY = 86_400_000;
const orgId = randomUUID();
const integrationId = randomUUID();

/** A UUIDv7 made at `at`, as the row's writer would have made it then. */
function idAt(at: Date) {
  const ts = at.getTime().toString(16).padStart(12, '0');
  const r = randomUUID().replaceAll('-', '');
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${r.slice(13, 16)}-8${r.slice(17, 20)}-${r.slice(20)}`;
}

const ago = (days: number) => new Date(Date.now() - days * DAY);

function event(days: number, state: 'pending' | 'processed' | 'unmatched', requestId?: string) {
  const at = ago(days);
  const id = idAt(at);
  return {
    id,
    orgId,
    integrationId,
    provider: 'twilio' as const,
    providerEventId: randomUUID(),
    type: 'status',
    occurredAt: at,
    event: {},
    requestId: requestId ?? id,
    receivedAt: at,
    processedAt: state === 'pending' ? null : at,
    outcome: state === 'pending' ? null : state,
  };
}

function request(days: number) {
  const at = ago(days);
  return {
    id: idAt(at),
    orgId,
    integrationId,
    provider: 'sendgrid' as const,
    purpose: 'events',
    rawBody: '[]',
    headers: {},
    verified: true,
    receivedAt: at,
  };
}

function providerEvent(days: number) {
  const at = ago(days);
  return {
    id: idAt(at),
    orgId,
    integrationId,
    provider: 'twilio' as const,
    kind: 'callback',
    outcome: 'accepted',
    occurredAt: at,
  };
}

describe('retention of callback and provider logs', () => {
  it('uuidv7Floor sorts before every id made at or after its time, after every earlier one', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const floor = uuidv7Floor(at);
    expect(idAt(at) > floor).toBe(true);
    expect(idAt(new Date(at.getTime() + 1)) > floor).toBe(true);
    expect(idAt(new Date(at.getTime() - 1)) < floor).toBe(true);
  });

  it('deletes no provider event before the monitoring rollup has run once', async () => {
    const old = providerEvent(100);
    await db.insert(providerEvents).values(old);
    expect((await purgeOldLogs(db, { retentionDays: 90 })).provider_events).toBe(0);
    await rollUpAll(db);
    expect((await purgeOldLogs(db, { retentionDays: 90 })).provider_events).toBe(1);
  });

  it('deletes rows older than the period in bounded batches; keeps recent ones and what is still pending', async () => {
    const heldRequest = request(120); // an event of it is still deferred
    const oldRequest = request(120);
    const recentRequest = request(10);
    await db.insert(webhookRequests).values([heldRequest, oldRequest, recentRequest]);

    const oldProcessed = [event(100, 'processed'), event(95, 'processed', oldRequest.id)];
    const oldUnmatched = event(91, 'unmatched');
    const oldPending = event(120, 'pending', heldRequest.id);
    const recent = [event(89, 'processed'), event(1, 'unmatched'), event(0, 'pending')];
    // An old id on a recent row (written later than its id says): the time column decides.
    const recentLateId = { ...event(100, 'processed'), receivedAt: ago(5) };
    await db
      .insert(webhookEvents)
      .values([...oldProcessed, oldUnmatched, oldPending, ...recent, recentLateId]);

    const oldLogs = [100, 99, 98, 97, 91].map(providerEvent);
    const recentLogs = [89, 30, 0].map(providerEvent);
    await db.insert(providerEvents).values([...oldLogs, ...recentLogs]);
    await rollUpAll(db);

    const deleted = await purgeOldLogs(db, { retentionDays: 90, batchSize: 2 });
    expect(deleted).toEqual({ webhook_events: 3, webhook_requests: 1, provider_events: 5 });

    const ids = <T extends { id: string }>(rows: T[]) => rows.map((r) => r.id).sort();
    const left = (table: typeof webhookEvents | typeof webhookRequests | typeof providerEvents) =>
      db
        .select({ id: table.id })
        .from(table)
        .where(
          inArray(table.id, [
            ...[...oldProcessed, oldUnmatched, oldPending, ...recent, recentLateId].map(
              (e) => e.id,
            ),
            ...[heldRequest, oldRequest, recentRequest].map((r) => r.id),
            ...[...oldLogs, ...recentLogs].map((l) => l.id),
          ]),
        );
    expect(ids(await left(webhookEvents))).toEqual(ids([oldPending, ...recent, recentLateId]));
    expect(ids(await left(webhookRequests))).toEqual(ids([heldRequest, recentRequest]));
    expect(ids(await left(providerEvents))).toEqual(ids(recentLogs));

    // Nothing left to do: a second run deletes nothing.
    expect(await purgeOldLogs(db, { retentionDays: 90 })).toEqual({
      webhook_events: 0,
      webhook_requests: 0,
      provider_events: 0,
    });
    // A shorter period reaches further.
    expect((await purgeOldLogs(db, { retentionDays: 7 })).provider_events).toBe(2);
  });

  it('runs hourly as the webhooks.retention job with the configured period', async () => {
    const job = retentionJob({ db, retentionDays: 30 });
    expect(job).toMatchObject({ name: 'webhooks.retention', cron: expect.any(String) });
    const [kept, gone] = [providerEvent(29), providerEvent(31)];
    await db.insert(providerEvents).values([kept, gone]);
    await rollUpAll(db);
    await job.handler({}, { id: 'j', retryCount: 0 });
    const left = await db
      .select({ id: providerEvents.id })
      .from(providerEvents)
      .where(inArray(providerEvents.id, [kept.id, gone.id]));
    expect(left).toEqual([{ id: kept.id }]);
  });

  it('never deletes a provider event the monitoring rollup has not counted yet', async () => {
    const counted = providerEvent(100);
    await db.insert(providerEvents).values(counted);
    await rollUpAll(db);
    // Written after the rollup ran (a late event, e.g. replayed from the callback spool).
    const uncounted = providerEvent(100);
    await db.insert(providerEvents).values(uncounted);
    const left = () =>
      db
        .select({ id: providerEvents.id })
        .from(providerEvents)
        .where(inArray(providerEvents.id, [counted.id, uncounted.id]));

    expect((await purgeOldLogs(db, { retentionDays: 90 })).provider_events).toBe(1);
    expect(await left()).toEqual([{ id: uncounted.id }]);
    await rollUpAll(db);
    expect((await purgeOldLogs(db, { retentionDays: 90 })).provider_events).toBe(1);
    expect(await left()).toEqual([]);
  });
});
