import { uuidv7 } from 'uuidv7';
import type { Db, Executor } from '../../db/client.js';
import { auditInOrg, recordAudit } from '../../platform/audit.js';
import { notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import {
  requireRole,
  tenantTransaction,
  type OrgContext,
  type RequestMeta,
} from '../../platform/tenancy.js';
import { orgCreated } from './events.js';
import { orgsRepo } from './repo.js';
import type { Org } from './schemas.js';

export interface NewOrgOwner {
  id: string;
  name: string;
}

/**
 * Creates an organization with its first owner inside `tx`, which must be scoped to `orgId`
 * (see `createForUser`) or be a system transaction (sign-up).
 */
export async function createOrgWithOwner(
  tx: Executor,
  orgId: string,
  name: string,
  owner: NewOrgOwner,
  meta: RequestMeta,
  defaults: { defaultTimezone?: string } = {},
): Promise<Org> {
  const org = await orgsRepo.create(tx, orgId, name, defaults);
  await orgsRepo.addMember(tx, org.id, owner.id, 'owner');
  await recordAudit(tx, {
    orgId: org.id,
    action: 'org.created',
    actor: { type: 'user', ...owner },
    targetType: 'org',
    targetId: org.id,
    metadata: { name },
    meta,
  });
  await emitEvent(tx, orgCreated, org.id, { orgId: org.id, name, createdBy: owner.id });
  return org;
}

export function createOrgsService(deps: { db: Db }) {
  return {
    /** A signed-in user creates another organization and becomes its owner. */
    createForUser(owner: NewOrgOwner, name: string, meta: RequestMeta): Promise<Org> {
      const orgId = uuidv7();
      return tenantTransaction(deps.db, { orgId, userId: owner.id }, (tx) =>
        createOrgWithOwner(tx, orgId, name, owner, meta),
      );
    },

    get(ctx: OrgContext): Promise<Org> {
      return ctx.run(async (tx) => {
        const org = await orgsRepo.get(tx, ctx.orgId);
        if (!org) throw notFound('Organization');
        return org;
      });
    },

    rename(ctx: OrgContext, name: string): Promise<Org> {
      requireRole(ctx, 'admin');
      return ctx.run(async (tx) => {
        const before = await orgsRepo.get(tx, ctx.orgId);
        const org = await orgsRepo.rename(tx, ctx.orgId, name);
        if (!before || !org) throw notFound('Organization');
        await auditInOrg(tx, ctx, {
          action: 'org.renamed',
          targetType: 'org',
          targetId: ctx.orgId,
          metadata: { from: before.name, to: name },
        });
        return org;
      });
    },
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
