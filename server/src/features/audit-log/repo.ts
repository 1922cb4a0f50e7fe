import { and, eq, gte, like, lt } from 'drizzle-orm';
import { keyset, type PageRequest } from '../../platform/pagination.js';
import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import type { AuditEntry } from './schemas.js';

export interface AuditFilter {
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const toEntry = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  id: row.id,
  action: row.action,
  actor: { type: row.actorType, id: row.actorId, name: row.actorName },
  targetType: row.targetType,
  targetId: row.targetId,
  metadata: row.metadata,
  ip: row.ip,
  createdAt: iso(row.createdAt),
});

export const auditLogRepo = {
  /** Newest first, keyset on the UUIDv7 id (time-ordered). */
  async list(db: Executor, orgId: string, filter: AuditFilter, page: PageRequest) {
    const action = filter.action;
    const k = keyset([auditLog.id], 'desc', page);
    const rows = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, orgId),
          action
            ? action.endsWith('.')
              ? like(auditLog.action, `${action.replaceAll('_', '\\_')}%`)
              : eq(auditLog.action, action)
            : undefined,
          filter.from && gte(auditLog.createdAt, filter.from),
          filter.to && lt(auditLog.createdAt, filter.to),
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit);
    return rows.map(toEntry);
  },
};
