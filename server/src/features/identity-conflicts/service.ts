import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { idPageRequest, toPage, UUID_RE, type Page } from '../../platform/pagination.js';
import { requireRole, withTransaction, type OrgContext } from '../../platform/tenancy.js';
import type { MergeService } from './merge.service.js';
import { conflictsRepo } from './repo.js';
import type { IdentityConflict, ListConflictsQuery, ResolveConflictBody } from './schemas.js';

export function createConflictsService(deps: { merges: Pick<MergeService, 'merge'> }) {
  return {
    list(ctx: OrgContext, query: ListConflictsQuery): Promise<Page<IdentityConflict>> {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await conflictsRepo.list(tx, ctx.orgId, query, page);
        return toPage(rows, page.limit, (r) => r.id);
      });
    },

    get(ctx: OrgContext, id: string): Promise<IdentityConflict> {
      requireRole(ctx, 'viewer');
      if (!UUID_RE.test(id)) throw notFound('Conflict');
      return ctx.run(async (tx) => {
        const conflict = await conflictsRepo.get(tx, ctx.orgId, id);
        if (!conflict) throw notFound('Conflict');
        return conflict;
      });
    },

    /**
     * `merge` merges the pair (into `targetContactId`, by default the contact holding the
     * identity); `keep_both` only for possible duplicates (one identity cannot have two owners);
     * `dismiss` closes it. Who and when is kept on the conflict and in the audit log.
     */
    resolve(ctx: OrgContext, id: string, body: ResolveConflictBody): Promise<IdentityConflict> {
      requireRole(ctx, 'member');
      if (!UUID_RE.test(id)) throw notFound('Conflict');
      return ctx.run(async (tx) => {
        const conflict = await conflictsRepo.get(tx, ctx.orgId, id);
        if (!conflict) throw notFound('Conflict');
        if (conflict.status !== 'open') {
          throw new AppError('conflict', 'This conflict is already resolved.');
        }
        if (body.action === 'keep_both' && conflict.kind !== 'possible_duplicate') {
          throw new AppError(
            'unprocessable',
            'One identity cannot belong to two contacts: merge them, or dismiss the conflict.',
            { errors: [{ path: 'action', message: 'keep_both is only for possible duplicates' }] },
          );
        }
        let mergeId: string | null = null;
        if (body.action === 'merge') {
          const pair = [conflict.contact?.id, conflict.otherContact?.id];
          if (!pair[0] || !pair[1]) {
            throw new AppError(
              'unprocessable',
              'There is no second contact to merge: add the details to the existing contact, then dismiss.',
              { errors: [{ path: 'action', message: 'merge needs two contacts' }] },
            );
          }
          const target = body.targetContactId ?? pair[0];
          if (!pair.includes(target)) {
            throw new AppError('unprocessable', 'The target must be one of the two contacts.', {
              errors: [{ path: 'targetContactId', message: 'must be one of the pair' }],
            });
          }
          const source = pair.find((c) => c !== target)!;
          const result = await deps.merges.merge(withTransaction(ctx, tx), target, {
            sourceContactId: source,
            preview: false,
            name: 'target',
            attributes: {},
          });
          mergeId = result.mergeId;
        }
        await conflictsRepo.resolve(tx, ctx.orgId, id, {
          resolution: body.action,
          byId: ctx.actor.id,
          byName: ctx.actor.name,
        });
        await auditInOrg(tx, ctx, {
          action: 'identity_conflict.resolved',
          targetType: 'identity_conflict',
          targetId: id,
          metadata: { resolution: body.action, kind: conflict.kind, mergeId },
        });
        return (await conflictsRepo.get(tx, ctx.orgId, id))!;
      });
    },
  };
}

export type ConflictsService = ReturnType<typeof createConflictsService>;
