import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { messageEvents, messages, providerEvents } from '../../db/schema/index.js';

export type MessageRow = typeof messages.$inferSelect;

/**
 * SQL of callback processing. It runs as the owning role inside the `webhooks.process`
 * transaction, for events of many organizations at once: every query names the org explicitly.
 */
export const callbacksRepo = {
  /**
   * The outbound messages of one integration that these events are about, locked so that two
   * workers processing callbacks of the same message apply them one after the other.
   */
  async lockTargets(
    db: Executor,
    orgId: string,
    integrationId: string,
    keys: { providerMessageIds: string[]; messageIds: string[] },
  ): Promise<MessageRow[]> {
    const { providerMessageIds, messageIds } = keys;
    if (!providerMessageIds.length && !messageIds.length) return [];
    return db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.orgId, orgId),
          eq(messages.integrationId, integrationId),
          eq(messages.direction, 'outbound'),
          or(
            providerMessageIds.length
              ? inArray(messages.providerMessageId, providerMessageIds)
              : undefined,
            messageIds.length ? inArray(messages.id, messageIds) : undefined,
          ),
        ),
      )
      .orderBy(messages.id)
      .for('update');
  },

  async update(db: Executor, orgId: string, id: string, values: Partial<MessageRow>) {
    await db
      .update(messages)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(messages.orgId, orgId), eq(messages.id, id)));
  },

  async insertEvents(db: Executor, rows: (typeof messageEvents.$inferInsert)[]) {
    if (rows.length) await db.insert(messageEvents).values(rows);
  },

  async insertProviderEvents(db: Executor, rows: (typeof providerEvents.$inferInsert)[]) {
    if (rows.length) await db.insert(providerEvents).values(rows);
  },

  /** An inbound message; a repeat of the same provider message is skipped (undefined). */
  async insertInbound(db: Executor, values: typeof messages.$inferInsert) {
    const [row] = await db
      .insert(messages)
      .values(values)
      .onConflictDoNothing({
        target: [messages.integrationId, messages.providerMessageId],
        where: sql`${messages.providerMessageId} is not null`,
      })
      .returning();
    return row;
  },
};
