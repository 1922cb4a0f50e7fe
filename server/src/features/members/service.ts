import type { Role } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { UUID_RE, type Page, type PaginationQuery } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { memberRemoved, memberRoleChanged } from './events.js';
import { membersRepo } from './repo.js';
import type { Member } from './schemas.js';

/** Only owners may create, change or remove owners. */
function assertMayTouchRole(ctx: OrgContext, role: Role) {
  if (role === 'owner' && ctx.role !== 'owner') {
    throw forbidden('Only an owner can grant, change or remove the owner role.');
  }
}

export function createMembersService() {
  return {
    list(ctx: OrgContext, query: PaginationQuery): Promise<Page<Member>> {
      return ctx.run((tx) => membersRepo.list(tx, ctx.orgId, query.limit, query.cursor));
    },

    changeRole(ctx: OrgContext, userId: string, role: Role): Promise<Member> {
      requireRole(ctx, 'admin');
      if (!UUID_RE.test(userId)) throw notFound('Member');
      return ctx.run(async (tx) => {
        const member = await membersRepo.get(tx, ctx.orgId, userId);
        if (!member) throw notFound('Member');
        assertMayTouchRole(ctx, member.role);
        assertMayTouchRole(ctx, role);
        if (member.role === 'owner' && role !== 'owner') {
          if ((await membersRepo.countOwnersForUpdate(tx, ctx.orgId)) <= 1) {
            throw new AppError(
              'last_owner',
              'Make someone else an owner before changing this role.',
            );
          }
        }
        if (member.role !== role) {
          await membersRepo.setRole(tx, ctx.orgId, userId, role);
          await auditInOrg(tx, ctx, {
            action: 'member.role_changed',
            targetType: 'user',
            targetId: userId,
            metadata: { email: member.email, from: member.role, to: role },
          });
          await emitEvent(tx, memberRoleChanged, ctx.orgId, {
            userId,
            from: member.role,
            to: role,
          });
        }
        return { ...member, role };
      });
    },

    /** Admins remove others; anyone may leave, except the last owner. */
    remove(ctx: OrgContext, userId: string): Promise<void> {
      if (ctx.userId !== userId) requireRole(ctx, 'admin');
      if (!UUID_RE.test(userId)) throw notFound('Member');
      return ctx.run(async (tx) => {
        const member = await membersRepo.get(tx, ctx.orgId, userId);
        if (!member) throw notFound('Member');
        if (ctx.userId !== userId) assertMayTouchRole(ctx, member.role);
        if (
          member.role === 'owner' &&
          (await membersRepo.countOwnersForUpdate(tx, ctx.orgId)) <= 1
        ) {
          throw new AppError('last_owner', 'An organization needs at least one owner.');
        }
        await membersRepo.remove(tx, ctx.orgId, userId);
        await auditInOrg(tx, ctx, {
          action: ctx.userId === userId ? 'member.left' : 'member.removed',
          targetType: 'user',
          targetId: userId,
          metadata: { email: member.email, role: member.role },
        });
        await emitEvent(tx, memberRemoved, ctx.orgId, { userId, role: member.role });
      });
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
