import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../db/client.js';
import { auditLog, domainEvents } from '../../db/schema/index.js';
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

  it('keeps a failed event, records the error, backs off, and delivers it later', async () => {
    const event = newEvent();
    const marker = randomUUID();
    await emitEvent(db, event, null, { n: 7 });
    const { bus, hooks } = newBus();
    let fail = true;
    const delivered: number[] = [];
    // The first subscriber's writes must roll back when a later one fails.
    bus.subscribe(event, 'test.audit', async (_e, tx) => {
      await tx.insert(auditLog).values({ orgId: null, action: marker, actorType: 'system' });
    });
    bus.subscribe(event, 'test.flaky', async (e) => {
      if (fail) throw new Error('notification provider unavailable');
      delivered.push(e.payload.n);
    });

    await bus.dispatchBatch();
    const [failed] = await eventsOf(event.type);
    expect(failed).toMatchObject({
      dispatchedAt: null,
      attempts: 1,
      lastError: 'notification provider unavailable',
    });
    expect(failed!.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(hooks.onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'notification provider unavailable' }),
      expect.objectContaining({ id: failed!.id, type: event.type }),
    );
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toEqual([]);

    // Not due yet: the next batch leaves it alone.
    await bus.dispatchBatch();
    expect((await eventsOf(event.type))[0]).toMatchObject({ attempts: 1, dispatchedAt: null });

    // Once due and the subscriber recovers, it is delivered.
    await db
      .update(domainEvents)
      .set({ availableAt: sql`now() - interval '1 second'` })
      .where(eq(domainEvents.id, failed!.id));
    fail = false;
    await bus.dispatchBatch();
    expect(delivered).toEqual([7]);
    const [done] = await eventsOf(event.type);
    expect(done).toMatchObject({ attempts: 2, lastError: null });
    expect(done!.dispatchedAt).toBeInstanceOf(Date);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, marker))).toHaveLength(1);
  });

  it('backs off exponentially and parks an event after 10 attempts, still visible', async () => {
    const event = newEvent();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    bus.subscribe(event, 'test.broken', async () => {
      throw new Error('always broken');
    });
    const [row] = await eventsOf(event.type);

    await db
      .update(domainEvents)
      .set({ attempts: 4, availableAt: sql`now() - interval '1 second'` })
      .where(eq(domainEvents.id, row!.id));
    await bus.dispatchBatch();
    const [delay] = await queryRows<{ seconds: number }>(
      db,
      sql`select round(extract(epoch from available_at - now()))::int as seconds
          from domain_events where id = ${row!.id}`,
    );
    expect(delay!.seconds).toBeGreaterThanOrEqual(31); // 2^5 s
    expect(delay!.seconds).toBeLessThanOrEqual(32);

    await db
      .update(domainEvents)
      .set({ attempts: 9, availableAt: sql`now() - interval '1 second'` })
      .where(eq(domainEvents.id, row!.id));
    await bus.dispatchBatch();
    const [parked] = await queryRows<{ parked: boolean; attempts: number; error: string }>(
      db,
      sql`select available_at = 'infinity'::timestamptz as parked, attempts, last_error as error
          from domain_events where id = ${row!.id} and dispatched_at is null`,
    );
    expect(parked).toEqual({ parked: true, attempts: 10, error: 'always broken' });
  });

  it('marks events nobody subscribes to as dispatched', async () => {
    const event = newEvent();
    await emitEvent(db, event, null, { n: 1 });
    const { bus } = newBus();
    await bus.dispatchBatch();
    expect((await eventsOf(event.type))[0]!.dispatchedAt).toBeInstanceOf(Date);
  });
});
