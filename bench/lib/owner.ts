import type { Db } from '../../server/src/db/client.js';
import { createOrgContext, type OrgContext } from '../../server/src/platform/tenancy.js';
import type { Services } from '../../server/src/services.js';

/** A fresh account and organization for a benchmark, and an owner's context in it. */
export async function benchOwner(
  services: Services,
  db: Db,
): Promise<{ orgId: string; ctx: OrgContext }> {
  const meta = { ip: null, userAgent: null, requestId: 'bench' };
  const user = await services.auth.signup(
    {
      email: `bench-${Date.now()}@example.com`,
      password: 'correct horse battery',
      name: 'Bench',
      orgName: 'Bench Org',
    },
    meta,
  );
  const ctx = createOrgContext(db, {
    orgId: user.org.id,
    role: 'owner',
    actor: { type: 'user', id: user.user.id, name: 'Bench' },
    userId: user.user.id,
    meta: { ...meta },
  });
  return { orgId: user.org.id, ctx };
}
