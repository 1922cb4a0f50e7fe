import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../db/client.js';
import { auditLog, domainEventDeliveries, domainEvents } from '../../db/schema/index.js';
import { createTestDatabase } from '../../test/db.js';
import { createEventBus, defineEvent, emitEvent, type DispatchedEvent } from './outbox.js';

const database = await createTestDatabase();
const db = database.db;
afterAll(() => database.close());

/** A fresh event type per test, so pending events of one test never reach another's subscribers. */
const newEvent = () =>
  defineEvent(`test.${randomUUID().slice(0, 8)}`, z.object({ n: z.number().int() }));

const eventsOf = (type: string) =>
  db.select().from(domainEvents).where(eq(domainEvents.type, type)).orderBy(domainEvents.id);

function newBus() {
  const hooks = { onError: vi.fn(), onDispatched: vi.fn() };
  return { bus: createEventBus(db, hooks), hooks };
}

const deliveryOf = async (eventId: string, subscriber: string) =>
  (
    await db
      .select()
      .from(domainEventDeliveries)
      .where(
        and(
          eq(domainEventDeliveries.eventId, eventId),
          eq(domainEventDeliveries.subscriber, subscriber),
        ),
      )
  )[0];

/** Makes a backed-off delivery due now (optionally as if it had failed `attempts` times). */
const makeDue = (eventId: string, subscriber: string, attempts?: number) =>
  db
    .update(domainEventDeliveries)
    .set({ availableAt: sql`now() - interval '1 second'`, ...(attempts && { attempts }) })
    .where(
      and(
        eq(domainEventDeliveries.eventId, eventId),
        eq(domainEventDeliveries.subscriber, subscriber),
      ),
    );

class Rollback extends Error {}

describe('emitEvent (the outbox)', () => {
  it('writes nothing when the transaction rolls back', async () => {
    const event = newEvent();
    await expect(
      db.transaction(async (tx) => {
        await emitEvent(tx, event, null, { n: 1 });
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await eventsOf(event.type)).toEqual([]);
  });

  it('writes the event when the transaction commits', async () => {
    const event = newEvent();
    await db.transaction((tx) => emitEvent(tx, event, null, { n: 2 }));
    const [row] = await eventsOf(event.type);
    expect(row).toMatchObject({ payload: { n: 2 }, dispatchedAt: null, attempts: 0 });
  });

  it('validates the payload', async () => {
    const event = newEvent();
    await expect(emitEvent(db, event, null, { n: 1.5 })).rejects.toBeInstanceOf(z.ZodError);
    expect(await eventsOf(event.type)).toEqual([]);
  });
});

describe('dispatchBatch', () => {
  it('delivers each event once, in order, and marks it dispatched', async () => {
    const event = newEvent();
    for (const n of [1, 2, 3]) await emitEvent(db, event, null, { n });
    const { bus, hooks } = newBus();
    const seen: DispatchedEvent<{ n: number }>[] = [];
    bus.subscribe(event, 'test.collect', async (e) => {
      seen.push(e);
    });

    expect(await bus.dispatchBatch()).toBeGreaterThanOrEqual(3);
    expect(seen.map((e) => e.payload.n)).toEqual([1, 2, 3]);
    expect(seen[0]).toMatchObject({ type: event.type, orgId: null, createdAt: expect.any(Date) });
    for (const row of await eventsOf(event.type)) {
      expect(row.dispatchedAt).toBeInstanceOf(Date);
      expect(row.attempts).toBe(1);
    }
    expect(hooks.onDispatched).toHaveBeenCalledWith(expect.objectContaining({ type: event.type }));
    expect(hooks.onError).not.toHaveBeenCalled();

    expect(await bus.dispatchBatch()).toBe(0);
    expect(seen).toHaveLength(3);
  });

  it("commits a subscriber's writes together with the dispatch", async () => {
    const event = newEvent();
    const marker = randomUUID();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    bus.subscribe(event, 'test.audit', async (_e, tx) => {
      await tx.insert(auditLog).values({ orgId: null, action: marker, actorType: 'system' });
    });
    await bus.dispatchBatch();
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toHaveLength(1);
  });

  it('a failing subscriber neither blocks nor re-runs the others, and is retried until it succeeds', async () => {
    const event = newEvent();
    const marker = randomUUID();
    await emitEvent(db, event, null, { n: 7 });
    const { bus, hooks } = newBus();
    let fail = true;
    const audited: number[] = [];
    const delivered: number[] = [];
    bus.subscribe(event, 'test.audit', async (e, tx) => {
      audited.push(e.payload.n);
      await tx.insert(auditLog).values({ orgId: null, action: marker, actorType: 'system' });
    });
    bus.subscribe(event, 'test.flaky', async (e) => {
      if (fail) throw new Error('notification provider unavailable');
      delivered.push(e.payload.n);
    });

    await bus.dispatchBatch();
    const [row] = await eventsOf(event.type);
    expect(row!.dispatchedAt).toBeInstanceOf(Date);
    // The healthy subscriber got it, and its writes committed.
    expect(audited).toEqual([7]);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toHaveLength(1);
    const failed = await deliveryOf(row!.id, 'test.flaky');
    expect(failed).toMatchObject({
      deliveredAt: null,
      attempts: 1,
      lastError: 'notification provider unavailable',
    });
    expect(failed!.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(hooks.onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'notification provider unavailable' }),
      expect.objectContaining({ id: row!.id, type: event.type, subscriber: 'test.flaky' }),
    );

    // Not due yet: the next batch leaves it alone, and never re-runs the healthy one.
    await bus.dispatchBatch();
    expect(await deliveryOf(row!.id, 'test.flaky')).toMatchObject({ attempts: 1 });

    // Once due and the subscriber recovers, it is delivered; the other still ran exactly once.
    await makeDue(row!.id, 'test.flaky');
    fail = false;
    await bus.dispatchBatch();
    await bus.dispatchBatch();
    expect(delivered).toEqual([7]);
    expect(audited).toEqual([7]);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toHaveLength(1);
    const done = await deliveryOf(row!.id, 'test.flaky');
    expect(done).toMatchObject({ attempts: 2, lastError: null });
    expect(done!.deliveredAt).toBeInstanceOf(Date);
  });

  it('rolls back the writes of a failed delivery', async () => {
    const event = newEvent();
    const marker = randomUUID();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    bus.subscribe(event, 'test.half', async (_e, tx) => {
      await tx.insert(auditLog).values({ orgId: null, action: marker, actorType: 'system' });
      throw new Error('failed after writing');
    });
    await bus.dispatchBatch();
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toEqual([]);
  });

  it('delivers after a crash between the commit and the delivery', async () => {
    // Crash right after the commit: no dispatcher ran. The restarted process delivers it.
    const event = newEvent();
    await emitEvent(db, event, null, { n: 1 });
    const seen: number[] = [];
    const first = newBus().bus;
    first.subscribe(event, 'test.after-commit', async (e) => void seen.push(e.payload.n));
    await first.dispatchBatch();
    expect(seen).toEqual([1]);

    // Crash mid-delivery: fanned out, then the process died before recording anything.
    const second = newEvent();
    await emitEvent(db, second, null, { n: 2 });
    const dying = createEventBus(db, {
      onError: () => {
        throw new Error('process died');
      },
    });
    dying.subscribe(second, 'test.mid-delivery', async () => {
      throw new Error('killed');
    });
    await expect(dying.dispatchBatch()).rejects.toThrow('process died');
    const [pending] = await eventsOf(second.type);
    expect(await deliveryOf(pending!.id, 'test.mid-delivery')).toMatchObject({
      deliveredAt: null,
      attempts: 0,
    });

    const restarted = newBus().bus;
    restarted.subscribe(second, 'test.mid-delivery', async (e) => void seen.push(e.payload.n));
    await restarted.dispatchBatch();
    await restarted.dispatchBatch();
    expect(seen).toEqual([1, 2]);
  });

  it('backs off exponentially and parks a delivery after 10 attempts, still visible', async () => {
    const event = newEvent();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    bus.subscribe(event, 'test.broken', async () => {
      throw new Error('always broken');
    });
    await bus.dispatchBatch();
    const [row] = await eventsOf(event.type);

    await makeDue(row!.id, 'test.broken', 4);
    await bus.dispatchBatch();
    const [delay] = await queryRows<{ seconds: number }>(
      db,
      sql`select round(extract(epoch from available_at - now()))::int as seconds
          from domain_event_deliveries where event_id = ${row!.id}`,
    );
    expect(delay!.seconds).toBeGreaterThanOrEqual(31); // 2^5 s
    expect(delay!.seconds).toBeLessThanOrEqual(32);

    await makeDue(row!.id, 'test.broken', 9);
    await bus.dispatchBatch();
    const [parked] = await queryRows<{ parked: boolean; attempts: number; error: string }>(
      db,
      sql`select available_at = 'infinity'::timestamptz as parked, attempts, last_error as error
          from domain_event_deliveries where event_id = ${row!.id} and delivered_at is null`,
    );
    expect(parked).toEqual({ parked: true, attempts: 10, error: 'always broken' });
  });

  it('refuses one subscriber name for two event types', () => {
    const { bus } = newBus();
    bus.subscribe(newEvent(), 'test.same', async () => undefined);
    expect(() => bus.subscribe(newEvent(), 'test.same', async () => undefined)).toThrow(
      /already used/,
    );
  });

  it('marks events nobody subscribes to as dispatched', async () => {
    const event = newEvent();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    await bus.dispatchBatch();
    expect((await eventsOf(event.type))[0]!.dispatchedAt).toBeInstanceOf(Date);
  });
});
