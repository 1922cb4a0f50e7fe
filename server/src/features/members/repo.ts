import { and, asc, count, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
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
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  UUID_RE,
  type Page,
} from '../../platform/pagination.js';
import type { Member } from './schemas.js';

/**
 * The join time at full (microsecond) precision, for the list cursor. A millisecond ISO string
 * would not round-trip on PostgreSQL (whose timestamps carry microseconds): the last row of a
 * page would compare as later than its own cursor and be listed again, forever.
 */
const joinedKey = sql<string>`to_char(${memberships.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const JOINED_KEY_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeMembersCursor(cursor: string): [string, string] {
  const [joined, userId] = decodeCursor(cursor, 2);
  if (
    typeof joined !== 'string' ||
    !JOINED_KEY_RE.test(joined) ||
    typeof userId !== 'string' ||
    !UUID_RE.test(userId)
  ) {
    throw invalidCursor();
  }
  return [joined, userId];
}

export const membersRepo = {
  /** Ordered by join time, oldest first (owners who founded the org come first). */
  async list(db: Executor, orgId: string, limit: number, cursor?: string): Promise<Page<Member>> {
    const after = cursor ? decodeMembersCursor(cursor) : undefined;
    const rows = await db
      .select({
        userId: memberships.userId,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        joinedKey,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.orgId, orgId),
          after &&
            sql`(${memberships.createdAt}, ${memberships.userId}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        ),
      )
      .orderBy(asc(memberships.createdAt), asc(memberships.userId))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ joinedKey: _key, ...r }) => ({ ...r, joinedAt: iso(r.joinedAt) })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.joinedKey, last.userId]) : null,
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
