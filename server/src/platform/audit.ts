import type { Executor } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import type { Actor, OrgContext, RequestMeta } from './tenancy.js';

export interface AuditEntry {
  orgId: string | null;
  action: string;
  actor: Actor;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  meta?: Partial<RequestMeta>;
}

/**
 * Audit rows are written in the same transaction as the change they record: a committed change
 * always has its audit row, a rolled-back one never does.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    action: entry.action,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    metadata: {
      ...entry.metadata,
      ...(entry.meta?.requestId && { requestId: entry.meta.requestId }),
    },
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent ?? null,
  });
}

/** The common case: an action by the context's actor in its organization. */
export const auditInOrg = (
  db: Executor,
  ctx: OrgContext,
  entry: Omit<AuditEntry, 'orgId' | 'actor' | 'meta'>,
) => recordAudit(db, { ...entry, orgId: ctx.orgId, actor: ctx.actor, meta: ctx.meta });
