import type { Executor } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import { usersRepo } from './repo.js';

/** Security events are recorded in every organization the user belongs to. */
export async function auditForUser(
  tx: Executor,
  userId: string | null,
  action: string,
  actor: { id: string; name: string } | null,
  metadata: Record<string, unknown>,
  meta: RequestMeta,
) {
  const orgs = userId ? await usersRepo.memberships(tx, userId) : [];
  const base = {
    action,
    actor: actor
      ? { type: 'user' as const, ...actor }
      : { type: 'system' as const, id: null, name: 'anonymous' },
    targetType: 'user',
    ...(userId && { targetId: userId }),
    metadata,
    meta,
  };
  if (!orgs.length) await recordAudit(tx, { ...base, orgId: null });
  for (const m of orgs) await recordAudit(tx, { ...base, orgId: m.org.id });
}
