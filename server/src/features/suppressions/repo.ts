import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  contactIdentities,
  suppressions,
  type Channel,
  type SuppressionChannel,
} from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import { keyset, type PageRequest } from '../../platform/pagination.js';
import type { ListSuppressionsQuery, Suppression } from './schemas.js';

type SuppressionRow = typeof suppressions.$inferSelect;

export const toSuppression = (row: SuppressionRow): Suppression => ({
  id: row.id,
  channel: row.channel,
  scope: row.normalized === null ? 'contact' : 'value',
  normalized: row.normalized,
  contactId: row.contactId,
  identityId: row.identityId,
  reason: row.reason,
  source: row.source,
  createdBy: row.createdByName,
  createdAt: iso(row.createdAt),
});

export const suppressionsRepo = {
  /** Inserts unless the same opt-out exists; returns the row and whether it is new. */
  async insert(db: Executor, values: typeof suppressions.$inferInsert) {
    const [row] = await db.insert(suppressions).values(values).onConflictDoNothing().returning();
    if (row) return { row, created: true };
    const [existing] = await db
      .select()
      .from(suppressions)
      .where(
        and(
          eq(suppressions.orgId, values.orgId),
          eq(suppressions.channel, values.channel),
          values.normalized
            ? eq(suppressions.normalized, values.normalized)
            : and(isNull(suppressions.normalized), eq(suppressions.contactId, values.contactId!)),
        ),
      );
    return { row: existing!, created: false };
  },

  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, id)));
    return row;
  },

  async delete(db: Executor, orgId: string, id: string) {
    await db
      .delete(suppressions)
      .where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, id)));
  },

  /** Newest first (keyset on id). */
  async list(db: Executor, orgId: string, query: ListSuppressionsQuery, page: PageRequest) {
    const k = keyset([suppressions.id], 'desc', page);
    const contactValues = query.contactId
      ? sql`(select normalized from ${contactIdentities} i
             where i.org_id = ${orgId} and i.contact_id = ${query.contactId})`
      : undefined;
    return db
      .select()
      .from(suppressions)
      .where(
        and(
          eq(suppressions.orgId, orgId),
          query.channel ? eq(suppressions.channel, query.channel) : undefined,
          query.reason ? eq(suppressions.reason, query.reason) : undefined,
          query.query
            ? sql`${suppressions.normalized} like ${`%${query.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
            : undefined,
          query.contactId && contactValues
            ? or(
                eq(suppressions.contactId, query.contactId),
                sql`${suppressions.normalized} in ${contactValues}`,
              )
            : undefined,
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  /** Entries that forbid sending on `channel` to these values or these contacts. */
  async matching(
    db: Executor,
    orgId: string,
    channel: Channel,
    values: string[],
    contactIds: string[],
  ) {
    const targets = [
      values.length ? inArray(suppressions.normalized, values) : undefined,
      contactIds.length
        ? and(isNull(suppressions.normalized), inArray(suppressions.contactId, contactIds))
        : undefined,
    ].filter(Boolean);
    if (!targets.length) return [];
    return db
      .select()
      .from(suppressions)
      .where(
        and(
          eq(suppressions.orgId, orgId),
          inArray(suppressions.channel, [channel, 'all'] as SuppressionChannel[]),
          or(...targets),
        ),
      );
  },

  /** Deletes the `stop_keyword` opt-outs of exactly this address on this channel. */
  async deleteStopKeyword(db: Executor, orgId: string, channel: Channel, normalized: string) {
    return db
      .delete(suppressions)
      .where(
        and(
          eq(suppressions.orgId, orgId),
          eq(suppressions.channel, channel),
          eq(suppressions.normalized, normalized),
          eq(suppressions.reason, 'stop_keyword'),
        ),
      )
      .returning();
  },
};
