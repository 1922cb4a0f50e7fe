import { and, eq, isNull } from 'drizzle-orm';
import { keyset, type PageRequest } from '../../platform/pagination.js';
import type { Executor } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { ApiKey } from './schemas.js';

export const toApiKey = (row: typeof apiKeys.$inferSelect): ApiKey => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  prefix: row.prefix,
  createdAt: iso(row.createdAt),
  lastUsedAt: isoOrNull(row.lastUsedAt),
  revokedAt: isoOrNull(row.revokedAt),
});

export const apiKeysRepo = {
  async create(db: Executor, values: typeof apiKeys.$inferInsert) {
    const [row] = await db.insert(apiKeys).values(values).returning();
    return row!;
  },

  /** Newest first; revoked keys stay listed (greyed out in the UI) for the record. */
  async list(db: Executor, orgId: string, page: PageRequest) {
    const k = keyset([apiKeys.id], 'desc', page);
    return db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), k.where))
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  async revoke(db: Executor, orgId: string, id: string, revokedBy: string | null) {
    const [row] = await db
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  },

  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)));
    return row;
  },
};
