import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contactGroupMembers, contactGroups, contacts } from '../../db/schema/index.js';
import { keyset, type PageRequest } from '../../platform/pagination.js';

type GroupRow = typeof contactGroups.$inferSelect;

export const groupsRepo = {
  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(contactGroups)
      .where(and(eq(contactGroups.orgId, orgId), eq(contactGroups.id, id)));
    return row;
  },

  /** Oldest first (keyset on id). */
  async list(db: Executor, orgId: string, page: PageRequest) {
    const k = keyset([contactGroups.id], 'asc', page);
    return db
      .select()
      .from(contactGroups)
      .where(and(eq(contactGroups.orgId, orgId), k.where))
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  async memberCounts(db: Executor, orgId: string, groupIds: string[]) {
    if (!groupIds.length) return [];
    return db
      .select({ groupId: contactGroupMembers.groupId, n: count() })
      .from(contactGroupMembers)
      .where(
        and(eq(contactGroupMembers.orgId, orgId), inArray(contactGroupMembers.groupId, groupIds)),
      )
      .groupBy(contactGroupMembers.groupId);
  },

  async insert(db: Executor, values: typeof contactGroups.$inferInsert) {
    const [row] = await db.insert(contactGroups).values(values).returning();
    return row!;
  },

  async update(
    db: Executor,
    orgId: string,
    id: string,
    values: Partial<Pick<GroupRow, 'name' | 'description'>>,
  ) {
    const [row] = await db
      .update(contactGroups)
      .set(values)
      .where(and(eq(contactGroups.orgId, orgId), eq(contactGroups.id, id)))
      .returning();
    return row!;
  },

  async delete(db: Executor, orgId: string, id: string) {
    await db
      .delete(contactGroups)
      .where(and(eq(contactGroups.orgId, orgId), eq(contactGroups.id, id)));
  },

  /** Adds the contacts of this org among `contactIds`; returns the new memberships. */
  async addMembers(db: Executor, orgId: string, groupId: string, contactIds: string[]) {
    return db
      .insert(contactGroupMembers)
      .select(
        db
          .select({
            orgId: contacts.orgId,
            groupId: sql<string>`${groupId}::uuid`.as('group_id'),
            contactId: contacts.id,
            createdAt: sql<Date>`now()`.as('created_at'),
          })
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, contactIds))),
      )
      .onConflictDoNothing()
      .returning({ contactId: contactGroupMembers.contactId });
  },

  async removeMembers(db: Executor, orgId: string, groupId: string, contactIds: string[]) {
    return db
      .delete(contactGroupMembers)
      .where(
        and(
          eq(contactGroupMembers.orgId, orgId),
          eq(contactGroupMembers.groupId, groupId),
          inArray(contactGroupMembers.contactId, contactIds),
        ),
      )
      .returning({ contactId: contactGroupMembers.contactId });
  },
};
