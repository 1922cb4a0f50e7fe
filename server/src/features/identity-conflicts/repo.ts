import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { contacts, identityConflicts, type Channel } from '../../db/schema/index.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { IdentityConflict, ListConflictsQuery } from './schemas.js';

type ConflictRow = typeof identityConflicts.$inferSelect;

const holder = alias(contacts, 'holder');
const other = alias(contacts, 'other');

const toConflict = (row: {
  c: ConflictRow;
  holderName: string | null;
  otherName: string | null;
}): IdentityConflict => ({
  id: row.c.id,
  kind: row.c.kind,
  status: row.c.status,
  identity: { channel: row.c.channel, normalized: row.c.normalized },
  contact: row.c.contactId ? { id: row.c.contactId, name: row.holderName ?? '' } : null,
  otherContact: row.c.otherContactId
    ? { id: row.c.otherContactId, name: row.otherName ?? '' }
    : null,
  attempted: row.c.attempted ?? null,
  attempts: row.c.attempts,
  source: row.c.source,
  resolution: row.c.resolution ?? null,
  resolvedBy: row.c.resolvedAt
    ? { id: row.c.resolvedById ?? null, name: row.c.resolvedByName ?? '' }
    : null,
  resolvedAt: isoOrNull(row.c.resolvedAt),
  createdAt: iso(row.c.createdAt),
  updatedAt: iso(row.c.updatedAt),
});

const selectConflicts = (db: Executor) =>
  db
    .select({ c: identityConflicts, holderName: holder.name, otherName: other.name })
    .from(identityConflicts)
    .leftJoin(holder, eq(holder.id, identityConflicts.contactId))
    .leftJoin(other, eq(other.id, identityConflicts.otherContactId));

export const conflictsRepo = {
  /** One open conflict per identity: repeated refusals bump `attempts` and keep the latest payload. */
  async upsertIdentityConflict(
    db: Executor,
    values: {
      orgId: string;
      channel: Channel;
      normalized: string;
      contactId: string;
      otherContactId: string | null;
      attempted: Record<string, unknown>;
      source: string;
    },
  ) {
    const [row] = await db
      .insert(identityConflicts)
      .values({ ...values, kind: 'identity_conflict' })
      .onConflictDoUpdate({
        target: [identityConflicts.orgId, identityConflicts.channel, identityConflicts.normalized],
        targetWhere: sql`kind = 'identity_conflict' and status = 'open'`,
        set: {
          attempts: sql`${identityConflicts.attempts} + 1`,
          attempted: values.attempted,
          contactId: values.contactId,
          otherContactId: values.otherContactId,
          updatedAt: new Date(),
        },
      })
      .returning();
    return row!;
  },

  /** Flags a pair once (older contact first); returns undefined when the pair was flagged before. */
  async insertPossibleDuplicate(
    db: Executor,
    values: {
      orgId: string;
      channel: Channel;
      normalized: string;
      a: string;
      b: string;
      source: string;
    },
  ) {
    const [first, second] = values.a < values.b ? [values.a, values.b] : [values.b, values.a];
    const [row] = await db
      .insert(identityConflicts)
      .values({
        orgId: values.orgId,
        kind: 'possible_duplicate',
        channel: values.channel,
        normalized: values.normalized,
        contactId: first,
        otherContactId: second,
        source: values.source,
      })
      .onConflictDoNothing()
      .returning();
    return row;
  },

  async list(db: Executor, orgId: string, query: ListConflictsQuery, afterId?: string) {
    const rows = await selectConflicts(db)
      .where(
        and(
          eq(identityConflicts.orgId, orgId),
          eq(identityConflicts.status, query.status),
          query.contactId
            ? or(
                eq(identityConflicts.contactId, query.contactId),
                eq(identityConflicts.otherContactId, query.contactId),
              )
            : undefined,
          afterId ? lt(identityConflicts.id, afterId) : undefined,
        ),
      )
      .orderBy(desc(identityConflicts.id))
      .limit(query.limit + 1);
    return rows.map(toConflict);
  },

  async get(db: Executor, orgId: string, id: string) {
    const [row] = await selectConflicts(db).where(
      and(eq(identityConflicts.orgId, orgId), eq(identityConflicts.id, id)),
    );
    return row && toConflict(row);
  },

  async resolve(
    db: Executor,
    orgId: string,
    id: string,
    values: { resolution: ConflictRow['resolution']; byId: string | null; byName: string },
  ) {
    const [row] = await db
      .update(identityConflicts)
      .set({
        status: 'resolved',
        resolution: values.resolution,
        resolvedById: values.byId,
        resolvedByName: values.byName,
        resolvedAt: new Date(),
      })
      .where(
        and(
          eq(identityConflicts.orgId, orgId),
          eq(identityConflicts.id, id),
          eq(identityConflicts.status, 'open'),
        ),
      )
      .returning();
    return row;
  },
};
