import { z } from 'zod';
import { INVITATION_STATUSES } from '../../db/schema/index.js';
import { Email, Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';
import { RoleSchema } from '../orgs/index.js';

export const Member = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    joinedAt: Timestamp,
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof Member>;

export const MemberParams = z.object({ orgId: z.string(), userId: z.string() });
export const UpdateMemberBody = z.strictObject({ role: RoleSchema });

export const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(INVITATION_STATUSES),
    expiresAt: Timestamp,
    createdAt: Timestamp,
    invitedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** The invitee's link while pending: emailed when mail is configured, else shared by hand. */
    acceptUrl: z.string().nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof Invitation>;

export const CreatedInvitation = Invitation.extend({
  /** Whether Switchboard emailed the link (a mail transport is configured); else copy it. */
  emailed: z.boolean(),
}).meta({ id: 'CreatedInvitation' });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const CreateInvitationBody = z.strictObject({ email: Email, role: RoleSchema });
export const InvitationParams = z.object({ orgId: z.string(), invitationId: z.string() });
export const ListInvitationsQuery = PaginationQuery.extend({
  status: z.enum(INVITATION_STATUSES).default('pending'),
});

export const TokenParams = z.object({ token: z.string().min(1).max(128) });
export const InvitationPreview = z.object({
  orgName: z.string(),
  email: z.string(),
  role: RoleSchema,
  status: z.enum(INVITATION_STATUSES),
  expiresAt: Timestamp,
});
export const AcceptInvitationResponse = z.object({
  org: z.object({ id: z.uuid(), name: z.string() }),
  role: RoleSchema,
});
