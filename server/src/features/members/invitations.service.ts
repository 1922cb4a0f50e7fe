import type { Db, Executor } from '../../db/client.js';
import type { Role } from '../../db/schema/index.js';
import { auditInOrg, recordAudit } from '../../platform/audit.js';
import { randomToken, sha256 } from '../../platform/auth/tokens.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { iso } from '../../platform/http/schemas.js';
import { composeMail, type PlatformMail } from '../../platform/mail/index.js';
import { decodeIdCursor, toPage, UUID_RE, type Page } from '../../platform/pagination.js';
import { requireRole, type OrgContext, type RequestMeta } from '../../platform/tenancy.js';
import { orgsRepo } from '../orgs/index.js';
import { invitationCreated, invitationExpired, memberJoined } from './events.js';
import { invitationsRepo, membersRepo, type InvitationRow } from './repo.js';
import type { CreatedInvitation, Invitation } from './schemas.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationsDeps {
  db: Db;
  secrets: KeyRing;
  publicUrl: string;
  /** Emails the invitation when a transport is configured; otherwise admins copy the link. */
  mail?: Pick<PlatformMail, 'send'>;
}

const ROLE_WORDS: Record<Role, string> = {
  owner: 'an owner',
  admin: 'an admin',
  member: 'a member',
  viewer: 'a viewer',
};

export function createInvitationsService(deps: InvitationsDeps) {
  const acceptUrl = (token: string) => `${deps.publicUrl}/invite/${encodeURIComponent(token)}`;

  function toInvitation(
    row: Omit<InvitationRow, 'inviterName'>,
    inviterName: string | null,
  ): Invitation {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      status: row.status,
      expiresAt: iso(row.expiresAt),
      createdAt: iso(row.createdAt),
      invitedBy: row.invitedBy && inviterName ? { id: row.invitedBy, name: inviterName } : null,
      // Only a pending invitation has a usable link.
      acceptUrl:
        row.status === 'pending' ? acceptUrl(deps.secrets.decryptString(row.tokenEncrypted)) : null,
    };
  }

  /**
   * Accepts in the caller's (system) transaction: at sign-up it commits together with the new
   * user, so a failed acceptance leaves no half-created account.
   */
  async function acceptInTransaction(
    tx: Executor,
    token: string,
    user: { id: string; email: string; name: string },
    meta: RequestMeta,
  ) {
    const found = await invitationsRepo.findByTokenHash(tx, sha256(token), true);
    if (!found) throw notFound('Invitation');
    const { invitation, orgName } = found;
    if (invitation.status !== 'pending' || invitation.expiresAt.getTime() < Date.now()) {
      throw new AppError(
        'invitation_not_pending',
        'This invitation has expired or was already used. Ask an admin for a new one.',
      );
    }
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError(
        'invitation_email_mismatch',
        `This invitation was sent to ${invitation.email}. Sign in with that email to accept it.`,
      );
    }
    if (await membersRepo.get(tx, invitation.orgId, user.id)) {
      throw new AppError('already_member', 'You are already a member of this organization.');
    }
    await orgsRepo.addMember(tx, invitation.orgId, user.id, invitation.role);
    await invitationsRepo.setStatus(tx, invitation.id, 'accepted', { userId: user.id });
    await recordAudit(tx, {
      orgId: invitation.orgId,
      action: 'member.joined',
      actor: { type: 'user', id: user.id, name: user.name },
      targetType: 'user',
      targetId: user.id,
      metadata: { email: user.email, role: invitation.role, invitationId: invitation.id },
      meta,
    });
    await emitEvent(tx, memberJoined, invitation.orgId, {
      userId: user.id,
      role: invitation.role,
      invitationId: invitation.id,
    });
    return { org: { id: invitation.orgId, name: orgName }, role: invitation.role };
  }

  return {
    acceptInTransaction,

    /**
     * Creates the invitation and, with a mail transport, emails its link in the same transaction
     * (`emailed`); without one the admin shares `acceptUrl` by hand.
     */
    create(ctx: OrgContext, input: { email: string; role: Role }): Promise<CreatedInvitation> {
      requireRole(ctx, 'admin');
      if (input.role === 'owner' && ctx.role !== 'owner') {
        throw forbidden('Only an owner can invite another owner.');
      }
      return ctx.run(async (tx) => {
        if (await membersRepo.isMemberByEmail(tx, ctx.orgId, input.email)) {
          throw new AppError(
            'already_member',
            `${input.email} is already a member of this organization.`,
          );
        }
        if (await invitationsRepo.hasPending(tx, ctx.orgId, input.email)) {
          throw new AppError(
            'invitation_pending',
            `${input.email} already has a pending invitation. Copy its link from the list, or revoke it first.`,
          );
        }
        const token = randomToken();
        const row = await invitationsRepo.create(tx, {
          orgId: ctx.orgId,
          email: input.email,
          role: input.role,
          tokenHash: sha256(token),
          tokenEncrypted: deps.secrets.encryptString(token),
          invitedBy: ctx.userId ?? null,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        });
        await auditInOrg(tx, ctx, {
          action: 'invitation.created',
          targetType: 'invitation',
          targetId: row.id,
          metadata: { email: input.email, role: input.role },
        });
        await emitEvent(tx, invitationCreated, ctx.orgId, {
          invitationId: row.id,
          email: input.email,
          role: input.role,
        });
        const inviter = ctx.actor.type === 'user' ? ctx.actor.name : null;
        const org = await orgsRepo.get(tx, ctx.orgId);
        const orgName = org?.name ?? 'an organization';
        const emailed = deps.mail
          ? await deps.mail.send(
              composeMail({
                to: input.email,
                subject: `${inviter ?? 'Someone'} invited you to ${orgName} on Switchboard`,
                paragraphs: [
                  `${inviter ?? 'An admin'} invited you to join ${orgName} on Switchboard as ${ROLE_WORDS[input.role]}.`,
                  `The invitation is for ${input.email} and expires in 7 days.`,
                ],
                action: { label: 'Accept the invitation', url: acceptUrl(token) },
                footnote:
                  'If you did not expect this invitation, you can ignore this email: nothing happens unless you accept.',
              }),
              { purpose: 'invitation', tx },
            )
          : false;
        return { ...toInvitation(row, inviter), emailed };
      });
    },

    list(
      ctx: OrgContext,
      query: { status: Invitation['status']; limit: number; cursor?: string | undefined },
    ): Promise<Page<Invitation>> {
      requireRole(ctx, 'admin');
      const afterId = decodeIdCursor(query.cursor);
      return ctx.run(async (tx) => {
        const rows = await invitationsRepo.list(tx, ctx.orgId, query.status, query.limit, afterId);
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map((r) => toInvitation(r, r.inviterName)) };
      });
    },

    revoke(ctx: OrgContext, invitationId: string): Promise<void> {
      requireRole(ctx, 'admin');
      if (!UUID_RE.test(invitationId)) throw notFound('Invitation');
      return ctx.run(async (tx) => {
        const row = await invitationsRepo.get(tx, ctx.orgId, invitationId);
        if (!row) throw notFound('Invitation');
        if (row.status !== 'pending') {
          throw new AppError('invitation_not_pending', `This invitation is already ${row.status}.`);
        }
        await invitationsRepo.setStatus(tx, row.id, 'revoked');
        await auditInOrg(tx, ctx, {
          action: 'invitation.revoked',
          targetType: 'invitation',
          targetId: row.id,
          metadata: { email: row.email, role: row.role },
        });
      });
    },

    /** Public: what the invitee sees before accepting. Unknown tokens are a plain 404. */
    async preview(token: string) {
      const found = await invitationsRepo.findByTokenHash(deps.db, sha256(token));
      if (!found) throw notFound('Invitation');
      const { invitation, orgName } = found;
      const expired =
        invitation.status === 'pending' && invitation.expiresAt.getTime() < Date.now();
      return {
        orgName,
        email: invitation.email,
        role: invitation.role,
        status: expired ? ('expired' as const) : invitation.status,
        expiresAt: iso(invitation.expiresAt),
      };
    },

    accept(token: string, user: { id: string; email: string; name: string }, meta: RequestMeta) {
      return deps.db.transaction((tx) => acceptInTransaction(tx, token, user, meta));
    },

    /** Scheduled: pending invitations past their expiry become `expired`, each audited. */
    async expireDue(): Promise<number> {
      return deps.db.transaction(async (tx) => {
        const expired = await invitationsRepo.expireDue(tx, 500);
        for (const inv of expired) {
          await recordAudit(tx, {
            orgId: inv.orgId,
            action: 'invitation.expired',
            actor: { type: 'system', id: null, name: 'Switchboard' },
            targetType: 'invitation',
            targetId: inv.id,
            metadata: { email: inv.email },
          });
          await emitEvent(tx, invitationExpired, inv.orgId, {
            invitationId: inv.id,
            email: inv.email,
          });
        }
        return expired.length;
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
