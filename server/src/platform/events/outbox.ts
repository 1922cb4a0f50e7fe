import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';

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

type Handler = (event: DispatchedEvent, tx: Executor) => Promise<void>;

export interface EventBus {
  subscribe<S extends z.ZodType>(
    event: EventDefinition<string, S>,
    name: string,
    handler: (event: DispatchedEvent<z.output<S>>, tx: Executor) => Promise<void>,
  ): void;
  /** Dispatches due events once; returns how many were handled. Workers call it in a loop. */
  dispatchBatch(limit?: number): Promise<number>;
}

const MAX_ATTEMPTS = 10;

/**
 * Subscribers run inside the transaction that marks the event dispatched, so their writes (and
 * the jobs they enqueue) commit together with it: at-least-once becomes effectively-once for
 * database effects. A failing subscriber rolls the batch item back and the event is retried with
 * exponential backoff, then parked with its last error (visible, never silently dropped).
 */
export interface EventBusHooks {
  onError(err: unknown, event: { id: string; type: string }): void;
  onDispatched?(event: { id: string; type: string }): void;
}

export function createEventBus(db: Db, hooks: EventBusHooks): EventBus {
  const handlers = new Map<string, { name: string; handler: Handler }[]>();

  async function dispatchOne(id: string): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.id, id), isNull(domainEvents.dispatchedAt)))
        .for('update', { skipLocked: true });
      if (!row) return false;
      const event: DispatchedEvent = {
        id: row.id,
        orgId: row.orgId,
        type: row.type,
        payload: row.payload,
        createdAt: row.createdAt,
      };
      for (const { handler } of handlers.get(row.type) ?? []) {
        await handler(event, tx);
      }
      await tx
        .update(domainEvents)
        .set({ dispatchedAt: new Date(), attempts: row.attempts + 1, lastError: null })
        .where(eq(domainEvents.id, id));
      return true;
    });
  }

  async function recordFailure(id: string, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(domainEvents)
      .set({
        attempts: sql`${domainEvents.attempts} + 1`,
        lastError: message.slice(0, 1000),
        // 2^attempts seconds, capped at an hour; parked (far future) after MAX_ATTEMPTS.
        availableAt: sql`case when ${domainEvents.attempts} + 1 >= ${MAX_ATTEMPTS}
          then 'infinity'::timestamptz
          else now() + least(power(2, ${domainEvents.attempts} + 1), 3600) * interval '1 second' end`,
      })
      .where(eq(domainEvents.id, id));
  }

  return {
    subscribe(event, name, handler) {
      const list = handlers.get(event.type) ?? [];
      list.push({
        name,
        handler: (e, tx) => handler({ ...e, payload: event.schema.parse(e.payload) }, tx),
      });
      handlers.set(event.type, list);
    },

    async dispatchBatch(limit = 100) {
      const due = await db
        .select({ id: domainEvents.id, type: domainEvents.type })
        .from(domainEvents)
        .where(and(isNull(domainEvents.dispatchedAt), lte(domainEvents.availableAt, sql`now()`)))
        .orderBy(asc(domainEvents.availableAt), asc(domainEvents.id))
        .limit(limit);
      let handled = 0;
      for (const { id, type } of due) {
        try {
          if (await dispatchOne(id)) {
            handled++;
            hooks.onDispatched?.({ id, type });
          }
        } catch (err) {
          hooks.onError(err, { id, type });
          await recordFailure(id, err);
        }
      }
      return handled;
    },
  };
}
