import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import {
  messageEvents,
  messages,
  providerEvents,
  type IntegrationProvider,
} from '../../db/schema/index.js';

export type MessageRow = typeof messages.$inferSelect;

/** A message claimed for a status poll (polling.ts). */
export interface StuckMessage {
  id: string;
  org_id: string;
  integration_id: string;
  provider: IntegrationProvider;
  channel: string;
  provider_message_id: string | null;
  poll_attempts: number;
}

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

  /**
   * Messages still `sent` past `stuckAfterMs`, due for a poll, not flagged yet and not of a
   * provider that never reports: claimed by pushing their next poll `leaseMs` on (no lock is
   * held while polling).
   */
  claimStuck(
    db: Executor,
    opts: {
      leaseMs: number;
      stuckAfterMs: number;
      flagged: string;
      unpolled: IntegrationProvider[];
      limit: number;
    },
  ) {
    return queryRows<StuckMessage>(
      db,
      sql`update messages m set next_poll_at = now() + make_interval(secs => ${opts.leaseMs / 1000})
          from integrations i
          where m.id in (
            select m2.id from messages m2 join integrations i2 on i2.id = m2.integration_id
            where m2.status = 'sent' and m2.direction = 'outbound'
              and m2.sent_at < now() - make_interval(secs => ${opts.stuckAfterMs / 1000}::double precision)
              and (m2.next_poll_at is null or m2.next_poll_at <= now())
              and m2.reason_code is distinct from ${opts.flagged}
              and i2.provider <> all(${`{${opts.unpolled.join(',')}}`}::text[])
            order by m2.sent_at limit ${opts.limit}
            for update of m2 skip locked)
            and i.id = m.integration_id
          returning m.id, m.org_id, m.integration_id, i.provider, m.channel,
                    m.provider_message_id, m.poll_attempts`,
    );
  },

  /**
   * Per integration of the org: the last callback accepted (new or duplicate), the last message
   * sent, and how many messages are still `sent` past `stuckAfterMs`.
   */
  callbackSilence(db: Executor, orgId: string, stuckAfterMs: number) {
    return queryRows<{
      id: string;
      provider: IntegrationProvider;
      last_callback_at: string | Date | null;
      last_sent_at: string | Date | null;
      awaiting: number | string;
    }>(
      db,
      sql`select i.id, i.provider,
            (select max(pe.occurred_at) from provider_events pe
             where pe.integration_id = i.id and pe.kind = 'callback'
               and pe.outcome in ('accepted', 'duplicate')) as last_callback_at,
            (select max(m.sent_at) from messages m
             where m.org_id = i.org_id and m.integration_id = i.id and m.direction = 'outbound') as last_sent_at,
            (select count(*)::int from messages m
             where m.org_id = i.org_id and m.integration_id = i.id and m.status = 'sent'
               and m.sent_at < now() - make_interval(secs => ${stuckAfterMs / 1000}::double precision)) as awaiting
          from integrations i where i.org_id = ${orgId}::uuid order by i.id`,
    );
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
