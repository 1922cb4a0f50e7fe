import type { Tx } from '../../db/client.js';
import type { contactGroups } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/schemas.js';
import {
  idPageRequest,
  toPage,
  UUID_RE,
  type Page,
  type PaginationQuery,
} from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { groupsRepo } from './repo.js';
import type { Group, GroupBody, UpdateGroupBody } from './schemas.js';

const nameTaken = () =>
  new AppError('conflict', 'A group with this name already exists.', {
    errors: [{ path: 'name', message: 'is already used by another group' }],
  });

async function load(tx: Tx, ctx: OrgContext, id: string) {
  if (!UUID_RE.test(id)) throw notFound('Group');
  const row = await groupsRepo.get(tx, ctx.orgId, id);
  if (!row) throw notFound('Group');
  return row;
}

async function withCounts(
  tx: Tx,
  orgId: string,
  rows: (typeof contactGroups.$inferSelect)[],
): Promise<Group[]> {
  const counts = await groupsRepo.memberCounts(
    tx,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    memberCount: counts.find((c) => c.groupId === r.id)?.n ?? 0,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));
}

export function createGroupsService() {
  return {
    /** Oldest first (keyset on id). */
    list(ctx: OrgContext, query: PaginationQuery): Promise<Page<Group>> {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await groupsRepo.list(tx, ctx.orgId, page);
        const result = toPage(rows, page.limit, (r) => r.id);
        return { ...result, items: await withCounts(tx, ctx.orgId, result.items) };
      });
    },

    get(ctx: OrgContext, id: string) {
      requireRole(ctx, 'viewer');
      return ctx.run(
        async (tx) => (await withCounts(tx, ctx.orgId, [await load(tx, ctx, id)]))[0]!,
      );
    },

    async create(ctx: OrgContext, body: GroupBody) {
      requireRole(ctx, 'member');
      try {
        return await ctx.run(async (tx) => {
          const row = await groupsRepo.insert(tx, { orgId: ctx.orgId, ...body });
          await auditInOrg(tx, ctx, {
            action: 'contact_group.created',
            targetType: 'contact_group',
            targetId: row.id,
            metadata: { name: body.name },
          });
          return (await withCounts(tx, ctx.orgId, [row]))[0]!;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'contact_groups_org_name_uq')) throw nameTaken();
        throw err;
      }
    },

    async update(ctx: OrgContext, id: string, body: UpdateGroupBody) {
      requireRole(ctx, 'member');
      try {
        return await ctx.run(async (tx) => {
          const current = await load(tx, ctx, id);
          // An empty PATCH changes nothing: the group as it is (not an empty UPDATE).
          if (!Object.values(body).some((v) => v !== undefined)) {
            return (await withCounts(tx, ctx.orgId, [current]))[0]!;
          }
          const row = await groupsRepo.update(tx, ctx.orgId, id, body);
          await auditInOrg(tx, ctx, {
            action: 'contact_group.updated',
            targetType: 'contact_group',
            targetId: id,
            metadata: { fields: Object.keys(body) },
          });
          return (await withCounts(tx, ctx.orgId, [row]))[0]!;
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
        await groupsRepo.delete(tx, ctx.orgId, id);
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
        const inserted = await groupsRepo.addMembers(tx, ctx.orgId, id, contactIds);
        return { changed: inserted.length };
      });
    },

    removeMembers(ctx: OrgContext, id: string, contactIds: string[]) {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        await load(tx, ctx, id);
        const removed = await groupsRepo.removeMembers(tx, ctx.orgId, id, contactIds);
        return { changed: removed.length };
      });
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
