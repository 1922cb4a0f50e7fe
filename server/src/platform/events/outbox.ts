import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import { domainEventDeliveries, domainEvents } from '../../db/schema/index.js';

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  schema: S;
}

export const defineEvent = <T extends string, S extends z.ZodType>(type: T, schema: S) => ({
  type,
  schema,
});

/** Writes a domain event in the caller's transaction (transactional outbox). */
export async function emitEvent<S extends z.ZodType>(
  db: Executor,
  event: EventDefinition<string, S>,
  orgId: string | null,
  payload: z.input<S>,
): Promise<void> {
  const parsed = event.schema.parse(payload) as Record<string, unknown>;
  await db.insert(domainEvents).values({ orgId, type: event.type, payload: parsed });
}

export interface DispatchedEvent<P = unknown> {
  id: string;
  orgId: string | null;
  type: string;
  payload: P;
  createdAt: Date;
}

export type EventHandler<P = unknown> = (event: DispatchedEvent<P>, tx: Executor) => Promise<void>;

/** A feature's subscription: `name` is unique and stable (its deliveries are keyed by it). */
export interface Subscription<S extends z.ZodType = z.ZodType> {
  event: EventDefinition<string, S>;
  name: string;
  handler: EventHandler<z.output<S>>;
}

/** Typed at the call site, erased in a feature's list of subscriptions. */
export const subscription = <S extends z.ZodType>(
  event: EventDefinition<string, S>,
  name: string,
  handler: EventHandler<z.output<S>>,
): Subscription => ({ event, name, handler: handler as EventHandler });

export interface EventBus {
  subscribe<S extends z.ZodType>(
    event: EventDefinition<string, S>,
    name: string,
    handler: EventHandler<z.output<S>>,
  ): void;
  /**
   * Fans due events out to their subscribers, then runs due deliveries once; returns how many
   * deliveries succeeded. Workers call it in a loop.
   */
  dispatchBatch(limit?: number): Promise<number>;
}

export interface EventBusHooks {
  onError(err: unknown, event: { id: string; type: string; subscriber: string }): void;
  onDispatched?(event: { id: string; type: string; subscriber: string }): void;
}

const MAX_ATTEMPTS = 10;

/**
 * At-least-once delivery to every subscriber, tracked per subscriber (decision 018):
 * 1. fan-out: each committed event gets one `domain_event_deliveries` row per subscriber of its
 *    type, in the transaction that marks it dispatched (a crash before that leaves it pending);
 * 2. delivery: each row runs its handler inside the transaction that marks the row delivered,
 *    so a subscriber's database writes (and the jobs it enqueues) commit exactly once with it.
 * A failing handler rolls back only its own delivery, which backs off exponentially and is
 * parked after MAX_ATTEMPTS with its last error (visible, never dropped); the other subscribers
 * of the same event are unaffected. Handlers with effects outside the database must be
 * idempotent by event id.
 */
export function createEventBus(db: Db, hooks: EventBusHooks): EventBus {
  const handlers = new Map<string, Map<string, EventHandler>>();
  const typeOf = new Map<string, string>();

  async function fanOut(limit: number) {
    await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: domainEvents.id, type: domainEvents.type })
        .from(domainEvents)
        .where(and(isNull(domainEvents.dispatchedAt), lte(domainEvents.availableAt, sql`now()`)))
        .orderBy(asc(domainEvents.availableAt), asc(domainEvents.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!due.length) return;
      const rows = due.flatMap(({ id, type }) =>
        [...(handlers.get(type)?.keys() ?? [])].map((subscriber) => ({ eventId: id, subscriber })),
      );
      if (rows.length) await tx.insert(domainEventDeliveries).values(rows).onConflictDoNothing();
      await tx
        .update(domainEvents)
        .set({ dispatchedAt: new Date(), attempts: sql`${domainEvents.attempts} + 1` })
        .where(
          inArray(
            domainEvents.id,
            due.map((e) => e.id),
          ),
        );
    });
  }

  async function deliverOne(eventId: string, subscriber: string): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [delivery] = await tx
        .select({ attempts: domainEventDeliveries.attempts })
        .from(domainEventDeliveries)
        .where(
          and(
            eq(domainEventDeliveries.eventId, eventId),
            eq(domainEventDeliveries.subscriber, subscriber),
            isNull(domainEventDeliveries.deliveredAt),
          ),
        )
        .for('update', { skipLocked: true });
      if (!delivery) return false;
      const [row] = await tx.select().from(domainEvents).where(eq(domainEvents.id, eventId));
      const handler = row && handlers.get(row.type)?.get(subscriber);
      if (!row || !handler) return false;
      await handler(
        {
          id: row.id,
          orgId: row.orgId,
          type: row.type,
          payload: row.payload,
          createdAt: row.createdAt,
        },
        tx,
      );
      await tx
        .update(domainEventDeliveries)
        .set({ deliveredAt: new Date(), attempts: delivery.attempts + 1, lastError: null })
        .where(
          and(
            eq(domainEventDeliveries.eventId, eventId),
            eq(domainEventDeliveries.subscriber, subscriber),
          ),
        );
      return true;
    });
  }

  async function recordFailure(eventId: string, subscriber: string, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    const attempts = sql`${domainEventDeliveries.attempts} + 1`;
    await db
      .update(domainEventDeliveries)
      .set({
        attempts,
        lastError: message.slice(0, 1000),
        // 2^attempts seconds, capped at an hour; parked (far future) after MAX_ATTEMPTS.
        availableAt: sql`case when ${attempts} >= ${MAX_ATTEMPTS}
          then 'infinity'::timestamptz
          else now() + least(power(2, ${attempts}), 3600) * interval '1 second' end`,
      })
      .where(
        and(
          eq(domainEventDeliveries.eventId, eventId),
          eq(domainEventDeliveries.subscriber, subscriber),
        ),
      );
  }

  return {
    subscribe(event, name, handler) {
      const known = typeOf.get(name);
      if (known && known !== event.type) {
        throw new Error(`subscriber name ${name} is already used for ${known}`);
      }
      typeOf.set(name, event.type);
      const list = handlers.get(event.type) ?? new Map<string, EventHandler>();
      if (list.has(name)) throw new Error(`${name} already subscribes to ${event.type}`);
      list.set(name, (e, tx) => handler({ ...e, payload: event.schema.parse(e.payload) }, tx));
      handlers.set(event.type, list);
    },

    async dispatchBatch(limit = 100) {
      await fanOut(limit);
      const names = [...typeOf.keys()];
      if (!names.length) return 0;
      // Only this process's subscribers: a delivery for one that was removed stays visible.
      const due = await db
        .select({
          eventId: domainEventDeliveries.eventId,
          subscriber: domainEventDeliveries.subscriber,
        })
        .from(domainEventDeliveries)
        .where(
          and(
            isNull(domainEventDeliveries.deliveredAt),
            lte(domainEventDeliveries.availableAt, sql`now()`),
            inArray(domainEventDeliveries.subscriber, names),
          ),
        )
        .orderBy(asc(domainEventDeliveries.availableAt), asc(domainEventDeliveries.eventId))
        .limit(limit);
      let handled = 0;
      for (const { eventId, subscriber } of due) {
        const info = { id: eventId, type: typeOf.get(subscriber)!, subscriber };
        try {
          if (await deliverOne(eventId, subscriber)) {
            handled++;
            hooks.onDispatched?.(info);
          }
        } catch (err) {
          hooks.onError(err, info);
          await recordFailure(eventId, subscriber, err);
        }
      }
      return handled;
    },
  };
}
