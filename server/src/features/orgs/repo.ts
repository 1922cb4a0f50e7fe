import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { memberships, organizations, type Role } from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import type { Org } from './schemas.js';

const toOrg = (row: typeof organizations.$inferSelect): Org => ({
  id: row.id,
  name: row.name,
  createdAt: iso(row.createdAt),
});

export const orgsRepo = {
  async create(
    db: Executor,
    id: string,
    name: string,
    defaults: { defaultTimezone?: string } = {},
  ): Promise<Org> {
    const [row] = await db
      .insert(organizations)
      .values({ id, name, ...defaults })
      .returning();
    return toOrg(row!);
  },

  async addMember(db: Executor, orgId: string, userId: string, role: Role): Promise<void> {
    await db.insert(memberships).values({ orgId, userId, role });
  },

  async get(db: Executor, orgId: string): Promise<Org | undefined> {
    const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    return row && toOrg(row);
  },

  async rename(db: Executor, orgId: string, name: string): Promise<Org | undefined> {
    const [row] = await db
      .update(organizations)
      .set({ name })
      .where(eq(organizations.id, orgId))
      .returning();
    return row && toOrg(row);
  },
};
