import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { contactGroupMembers, contactGroups, contacts } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { DisplayName, iso, Timestamp } from '../../platform/http/schemas.js';
import { decodeIdCursor, PaginationQuery, toPage, UUID_RE } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';

export const Group = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    memberCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ContactGroup' });
export type Group = z.infer<typeof Group>;
export const GroupBody = z.strictObject({
  name: DisplayName,
  description: z.string().trim().max(500).default(''),
});
export const UpdateGroupBody = z.strictObject({
  name: DisplayName.optional(),
  description: z.string().trim().max(500).optional(),
});
export const GroupParams = z.object({ orgId: z.string(), groupId: z.string() });
export const GroupMembersBody = z.strictObject({ contactIds: z.array(z.uuid()).min(1).max(1000) });
export const GroupMembersResult = z.object({ changed: z.number().int() });
export const ListGroupsQuery = PaginationQuery;

const nameTaken = () =>
  new AppError('conflict', 'A group with this name already exists.', {
    errors: [{ path: 'name', message: 'is already used by another group' }],
  });

export function createGroupsService() {
  async function load(
    tx: Parameters<Parameters<OrgContext['run']>[0]>[0],
    ctx: OrgContext,
    id: string,
  ) {
    if (!UUID_RE.test(id)) throw notFound('Group');
    const [row] = await tx
      .select()
      .from(contactGroups)
      .where(and(eq(contactGroups.orgId, ctx.orgId), eq(contactGroups.id, id)));
    if (!row) throw notFound('Group');
    return row;
  }
  async function withCounts(
    tx: Parameters<Parameters<OrgContext['run']>[0]>[0],
    orgId: string,
    rows: (typeof contactGroups.$inferSelect)[],
  ): Promise<Group[]> {
    const counts = rows.length
      ? await tx
          .select({ groupId: contactGroupMembers.groupId, n: count() })
          .from(contactGroupMembers)
          .where(
            and(
              eq(contactGroupMembers.orgId, orgId),
              inArray(
                contactGroupMembers.groupId,
                rows.map((r) => r.id),
              ),
            ),
          )
          .groupBy(contactGroupMembers.groupId)
      : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      memberCount: counts.find((c) => c.groupId === r.id)?.n ?? 0,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    }));
  }

  return {
    /** Oldest first (keyset on id). */
    list(ctx: OrgContext, query: PaginationQuery) {
      requireRole(ctx, 'viewer');
      const afterId = decodeIdCursor(query.cursor);
      return ctx.run(async (tx) => {
        const rows = await tx
          .select()
          .from(contactGroups)
          .where(
            and(
              eq(contactGroups.orgId, ctx.orgId),
              afterId ? gt(contactGroups.id, afterId) : undefined,
            ),
          )
          .orderBy(asc(contactGroups.id))
          .limit(query.limit + 1);
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: await withCounts(tx, ctx.orgId, page.items) };
      });
    },

    get(ctx: OrgContext, id: string) {
      requireRole(ctx, 'viewer');
      return ctx.run(
        async (tx) => (await withCounts(tx, ctx.orgId, [await load(tx, ctx, id)]))[0]!,
      );
    },

    async create(ctx: OrgContext, body: z.infer<typeof GroupBody>) {
      requireRole(ctx, 'member');
      try {
        return await ctx.run(async (tx) => {
          const [row] = await tx
            .insert(contactGroups)
            .values({ orgId: ctx.orgId, ...body })
            .returning();
          await auditInOrg(tx, ctx, {
            action: 'contact_group.created',
            targetType: 'contact_group',
            targetId: row!.id,
            metadata: { name: body.name },
          });
          return (await withCounts(tx, ctx.orgId, [row!]))[0]!;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'contact_groups_org_name_uq')) throw nameTaken();
        throw err;
      }
    },

    async update(ctx: OrgContext, id: string, body: z.infer<typeof UpdateGroupBody>) {
      requireRole(ctx, 'member');
      try {
        return await ctx.run(async (tx) => {
          await load(tx, ctx, id);
          const [row] = await tx
            .update(contactGroups)
            .set(body)
            .where(and(eq(contactGroups.orgId, ctx.orgId), eq(contactGroups.id, id)))
            .returning();
          await auditInOrg(tx, ctx, {
            action: 'contact_group.updated',
            targetType: 'contact_group',
            targetId: id,
            metadata: { fields: Object.keys(body) },
          });
          return (await withCounts(tx, ctx.orgId, [row!]))[0]!;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'contact_groups_org_name_uq')) throw nameTaken();
        throw err;
      }
    },

    remove(ctx: OrgContext, id: string) {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await load(tx, ctx, id);
        await tx
          .delete(contactGroups)
          .where(and(eq(contactGroups.orgId, ctx.orgId), eq(contactGroups.id, id)));
        await auditInOrg(tx, ctx, {
          action: 'contact_group.deleted',
          targetType: 'contact_group',
          targetId: id,
          metadata: { name: row.name },
        });
      });
    },

    /** Adds contacts of this org (unknown ids are skipped); returns how many were new members. */
    addMembers(ctx: OrgContext, id: string, contactIds: string[]) {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        await load(tx, ctx, id);
        const inserted = await tx
          .insert(contactGroupMembers)
          .select(
            tx
              .select({
                orgId: contacts.orgId,
                groupId: sql<string>`${id}::uuid`.as('group_id'),
                contactId: contacts.id,
                createdAt: sql<Date>`now()`.as('created_at'),
              })
              .from(contacts)
              .where(and(eq(contacts.orgId, ctx.orgId), inArray(contacts.id, contactIds))),
          )
          .onConflictDoNothing()
          .returning({ contactId: contactGroupMembers.contactId });
        return { changed: inserted.length };
      });
    },

    removeMembers(ctx: OrgContext, id: string, contactIds: string[]) {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        await load(tx, ctx, id);
        const removed = await tx
          .delete(contactGroupMembers)
          .where(
            and(
              eq(contactGroupMembers.orgId, ctx.orgId),
              eq(contactGroupMembers.groupId, id),
              inArray(contactGroupMembers.contactId, contactIds),
            ),
          )
          .returning({ contactId: contactGroupMembers.contactId });
        return { changed: removed.length };
      });
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
