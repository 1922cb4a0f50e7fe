import { and, asc, count, desc, eq, getTableColumns, gt, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  invitations,
  memberships,
  organizations,
  users,
  type InvitationStatus,
  type Role,
} from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.js';
import type { Member } from './schemas.js';

export const membersRepo = {
  /** Ordered by join time, oldest first (owners who founded the org come first). */
  async list(db: Executor, orgId: string, limit: number, cursor?: string): Promise<Page<Member>> {
    const after = cursor ? decodeCursor(cursor, 2) : undefined;
    const rows = await db
      .select({
        userId: memberships.userId,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.orgId, orgId),
          after &&
            or(
              gt(memberships.createdAt, new Date(String(after[0]))),
              and(
                eq(memberships.createdAt, new Date(String(after[0]))),
                gt(memberships.userId, String(after[1])),
              ),
            ),
        ),
      )
      .orderBy(asc(memberships.createdAt), asc(memberships.userId))
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((r) => ({ ...r, joinedAt: iso(r.joinedAt) }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor([last.joinedAt, last.userId]) : null,
    };
  },

  async get(db: Executor, orgId: string, userId: string): Promise<Member | undefined> {
    const [row] = await db
      .select({
        userId: memberships.userId,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    return row && { ...row, joinedAt: iso(row.joinedAt) };
  },

  /** Locks the org's owner rows so two concurrent demotions cannot remove the last owner. */
  async countOwnersForUpdate(db: Executor, orgId: string): Promise<number> {
    const rows = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
      .for('update');
    return rows.length;
  },

  async setRole(db: Executor, orgId: string, userId: string, role: Role) {
    await db
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  },

  async remove(db: Executor, orgId: string, userId: string) {
    await db
      .delete(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  },

  async isMemberByEmail(db: Executor, orgId: string, email: string): Promise<boolean> {
    const [row] = await db
      .select({ n: count() })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
    return Number(row?.n ?? 0) > 0;
  },
};

export type InvitationRow = typeof invitations.$inferSelect & {
  inviterName: string | null;
};

export const invitationsRepo = {
  async create(db: Executor, values: typeof invitations.$inferInsert) {
    const [row] = await db.insert(invitations).values(values).returning();
    return row!;
  },

  async hasPending(db: Executor, orgId: string, email: string): Promise<boolean> {
    const [row] = await db
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.orgId, orgId),
          eq(invitations.email, email),
          eq(invitations.status, 'pending'),
        ),
      );
    return row !== undefined;
  },

  /** Newest first. */
  async list(
    db: Executor,
    orgId: string,
    status: InvitationStatus,
    limit: number,
    afterId?: string,
  ): Promise<InvitationRow[]> {
    return db
      .select({ ...getTableColumns(invitations), inviterName: users.name })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(
        and(
          eq(invitations.orgId, orgId),
          eq(invitations.status, status),
          afterId ? lt(invitations.id, afterId) : undefined,
        ),
      )
      .orderBy(desc(invitations.id))
      .limit(limit + 1);
  },

  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
    return row;
  },

  async setStatus(
    db: Executor,
    id: string,
    status: InvitationStatus,
    accepted?: { userId: string },
  ) {
    await db
      .update(invitations)
      .set({
        status,
        ...(accepted && { acceptedBy: accepted.userId, acceptedAt: new Date() }),
      })
      .where(eq(invitations.id, id));
  },

  /** By token (system scope: the invitee is not a member yet), locked for acceptance. */
  async findByTokenHash(db: Executor, tokenHash: string, forUpdate = false) {
    const query = db
      .select({ invitation: invitations, orgName: organizations.name })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.orgId))
      .where(eq(invitations.tokenHash, tokenHash));
    const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
    return row;
  },

  /** Marks pending invitations past their expiry as expired; returns them. */
  async expireDue(db: Executor, limit: number) {
    return db
      .update(invitations)
      .set({ status: 'expired' })
      .where(
        sql`${invitations.id} in (select id from invitations
              where status = 'pending' and expires_at < now() limit ${limit} for update skip locked)`,
      )
      .returning({ id: invitations.id, orgId: invitations.orgId, email: invitations.email });
  },
};
