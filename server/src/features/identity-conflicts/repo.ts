import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import {
  contactGroupMembers,
  contactIdentities,
  contactMerges,
  contacts,
  identityConflicts,
  suppressions,
  type SuppressionChannel,
} from '../../db/schema/index.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { keyset, type PageRequest } from '../../platform/pagination.js';
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

/** Conflicts are opened by contacts (a refused identity, a possible duplicate); here they are read and resolved. */
export const conflictsRepo = {
  /** Newest first (keyset on id). */
  async list(db: Executor, orgId: string, query: ListConflictsQuery, page: PageRequest) {
    const k = keyset([identityConflicts.id], 'desc', page);
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
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit);
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

/** What a merge moves and an unmerge puts back, table by table, in the merge's transaction. */
export const mergesRepo = {
  /** Both contacts, locked in id order (so two merges of one pair cannot deadlock). */
  async lockPair(db: Executor, orgId: string, ids: [string, string]) {
    return db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)))
      .orderBy(contacts.id)
      .for('update');
  },

  /** Every suppression row of a contact (value and whole-contact ones). */
  async suppressionsOf(db: Executor, orgId: string, contactId: string) {
    return db
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.orgId, orgId), eq(suppressions.contactId, contactId)));
  },

  /** The conflicts that name a contact on either side. */
  async conflictsNaming(db: Executor, orgId: string, contactId: string) {
    return db
      .select({ id: identityConflicts.id, contactId: identityConflicts.contactId })
      .from(identityConflicts)
      .where(
        and(
          eq(identityConflicts.orgId, orgId),
          or(
            eq(identityConflicts.contactId, contactId),
            eq(identityConflicts.otherContactId, contactId),
          ),
        ),
      );
  },

  async moveAllIdentities(db: Executor, orgId: string, fromId: string, toId: string) {
    await db
      .update(contactIdentities)
      .set({ contactId: toId })
      .where(and(eq(contactIdentities.orgId, orgId), eq(contactIdentities.contactId, fromId)));
  },

  async moveIdentities(db: Executor, orgId: string, ids: string[], fromId: string, toId: string) {
    await db
      .update(contactIdentities)
      .set({ contactId: toId })
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          eq(contactIdentities.contactId, fromId),
          inArray(contactIdentities.id, ids),
        ),
      );
  },

  async addToGroups(db: Executor, orgId: string, contactId: string, groupIds: string[]) {
    await db
      .insert(contactGroupMembers)
      .values(groupIds.map((groupId) => ({ orgId, groupId, contactId })))
      .onConflictDoNothing();
  },

  async removeFromGroups(db: Executor, orgId: string, contactId: string, groupIds: string[]) {
    await db
      .delete(contactGroupMembers)
      .where(
        and(
          eq(contactGroupMembers.orgId, orgId),
          eq(contactGroupMembers.contactId, contactId),
          inArray(contactGroupMembers.groupId, groupIds),
        ),
      );
  },

  /** Whether the contact already has a whole-contact opt-out on this channel. */
  async hasContactSuppression(
    db: Executor,
    orgId: string,
    contactId: string,
    channel: SuppressionChannel,
  ) {
    const rows = await db
      .select({ id: suppressions.id })
      .from(suppressions)
      .where(
        and(
          eq(suppressions.orgId, orgId),
          eq(suppressions.contactId, contactId),
          eq(suppressions.channel, channel),
          isNull(suppressions.normalized),
        ),
      );
    return rows.length > 0;
  },

  async deleteSuppression(db: Executor, id: string) {
    await db.delete(suppressions).where(eq(suppressions.id, id));
  },

  async moveSuppression(db: Executor, id: string, toId: string) {
    await db.update(suppressions).set({ contactId: toId }).where(eq(suppressions.id, id));
  },

  /** Moves a suppression back on unmerge; false when it is gone (dropped by the merge or lifted). */
  async returnSuppression(db: Executor, orgId: string, id: string, toId: string) {
    const moved = await db
      .update(suppressions)
      .set({ contactId: toId })
      .where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, id)))
      .returning({ id: suppressions.id });
    return moved.length > 0;
  },

  async reinsertSuppression(db: Executor, values: typeof suppressions.$inferInsert) {
    await db.insert(suppressions).values(values).onConflictDoNothing();
  },

  /** The pair's own open conflicts (either way round) are settled by merging them. */
  async resolvePairByMerge(
    db: Executor,
    orgId: string,
    pair: [string, string],
    by: { id: string | null; name: string },
  ) {
    const [a, b] = pair;
    await db
      .update(identityConflicts)
      .set({
        status: 'resolved',
        resolution: 'merge',
        resolvedById: by.id,
        resolvedByName: by.name,
        resolvedAt: new Date(),
      })
      .where(
        and(
          eq(identityConflicts.orgId, orgId),
          eq(identityConflicts.status, 'open'),
          or(
            and(eq(identityConflicts.contactId, a), eq(identityConflicts.otherContactId, b)),
            and(eq(identityConflicts.contactId, b), eq(identityConflicts.otherContactId, a)),
          ),
        ),
      );
  },

  async setConflictSide(
    db: Executor,
    orgId: string,
    id: string,
    field: 'contactId' | 'otherContactId',
    contactId: string,
  ) {
    await db
      .update(identityConflicts)
      .set({ [field]: contactId })
      .where(and(eq(identityConflicts.orgId, orgId), eq(identityConflicts.id, id)));
  },

  /** Puts a merged-away contact back as it was (same id and creation time). */
  async restoreContact(db: Executor, values: typeof contacts.$inferInsert) {
    await db.insert(contacts).values(values);
  },

  async insert(db: Executor, values: typeof contactMerges.$inferInsert) {
    const [row] = await db.insert(contactMerges).values(values).returning();
    return row!;
  },

  /** The newest merges into a contact. */
  async listInto(db: Executor, orgId: string, contactId: string, limit: number) {
    return db
      .select()
      .from(contactMerges)
      .where(and(eq(contactMerges.orgId, orgId), eq(contactMerges.targetContactId, contactId)))
      .orderBy(desc(contactMerges.id))
      .limit(limit);
  },

  async getForUpdate(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(contactMerges)
      .where(and(eq(contactMerges.orgId, orgId), eq(contactMerges.id, id)))
      .for('update');
    return row;
  },

  async markUndone(db: Executor, orgId: string, id: string) {
    await db
      .update(contactMerges)
      .set({ undoneAt: new Date() })
      .where(and(eq(contactMerges.orgId, orgId), eq(contactMerges.id, id)));
  },
};
