import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { memberships, organizations, users } from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import type { MeResponse, User } from './schemas.js';

export const toUser = (row: {
  id: string;
  email: string;
  name: string;
  timezone: string | null;
  createdAt: Date;
}): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  timezone: row.timezone,
  createdAt: iso(row.createdAt),
});

/** System-level queries (no tenant): users are global, sign-in happens before any org is chosen. */
export const usersRepo = {
  async findByEmail(db: Executor, email: string) {
    const [row] = await db.select().from(users).where(eq(users.email, email));
    return row;
  },

  async create(
    db: Executor,
    values: { email: string; name: string; passwordHash: string; timezone: string | null },
  ) {
    const [row] = await db.insert(users).values(values).returning();
    return row!;
  },

  async get(db: Executor, id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  },

  async update(
    db: Executor,
    id: string,
    values: Partial<{ name: string; timezone: string | null; passwordHash: string; email: string }>,
  ) {
    const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
    return row;
  },

  async memberships(db: Executor, userId: string): Promise<MeResponse['memberships']> {
    const rows = await db
      .select({ id: organizations.id, name: organizations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(organizations.name), asc(organizations.id));
    return rows.map((r) => ({ org: { id: r.id, name: r.name }, role: r.role }));
  },
};
