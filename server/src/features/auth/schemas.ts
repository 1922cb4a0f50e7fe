import { z } from 'zod';
import { passwordWeakness } from '../../platform/auth/password-strength.js';
import { DisplayName, Email, Timestamp, TimeZoneName } from '../../platform/http/schemas.js';
import { Org, RoleSchema } from '../orgs/index.js';

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    /** IANA zone the user reads dates in; null: the organization's default. */
    timezone: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const SignupBody = z
  .strictObject({
    email: Email,
    password: Password,
    name: DisplayName,
    /** The browser's zone, confirmed by the user; the new organization's default too. */
    timezone: TimeZoneName.optional(),
    orgName: DisplayName.optional(),
    invitationToken: z.string().min(1).max(128).optional(),
  })
  .refine((b) => b.orgName !== undefined || b.invitationToken !== undefined, {
    path: ['orgName'],
    message: 'is required (unless you are accepting an invitation)',
  })
  .superRefine((b, ctx) => {
    // A password the length rule refuses already has its error.
    if (!Password.safeParse(b.password).success) return;
    const weakness = passwordWeakness(b.password, b);
    if (weakness) ctx.addIssue({ code: 'custom', path: ['password'], message: weakness });
  });

export const SignupResponse = z.object({ user: User, org: Org });

export const LoginBody = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256),
});
export const LoginResponse = z.object({ user: User });

export const MeResponse = z.object({
  user: User,
  memberships: z.array(
    z.object({ org: z.object({ id: z.uuid(), name: z.string() }), role: RoleSchema }),
  ),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** The web app's probe: always 200, so a signed-out visit logs no failed request. */
export const SessionResponse = z.object({
  signedIn: z.boolean(),
  user: User.nullable(),
  memberships: MeResponse.shape.memberships,
});

export const UpdateMeBody = z.strictObject({
  name: DisplayName.optional(),
  timezone: TimeZoneName.nullable().optional(),
});
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(256),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const UserSession = z
  .object({
    id: z.uuid(),
    /** Browser and system, from the user agent ("Firefox on Linux"). */
    device: z.string(),
    ip: z.string().nullable(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    /** The session this request came with. */
    current: z.boolean(),
  })
  .meta({ id: 'UserSession' });
export type UserSession = z.infer<typeof UserSession>;

export const UserSessionList = z.object({ items: z.array(UserSession) });

export const SessionParams = z.object({ sessionId: z.string() });

export const PasswordResetRequestBody = z.strictObject({ email: Email });
export const PasswordResetRequested = z.object({
  /** How long the mailed link works. The same answer whether or not the address has an account. */
  expiresInMinutes: z.number().int(),
});
export const PasswordResetBody = z.strictObject({
  token: z.string().min(1, 'is required').max(256),
  password: Password,
});
export const PasswordResetDone = z.object({ email: z.string() });

export const EmailChangeBody = z.strictObject({
  email: Email,
  password: z.string().min(1, 'is required').max(256),
});
export const EmailChangeRequested = z.object({
  /** Where the confirmation link went; the account keeps its address until it is opened. */
  pendingEmail: z.string(),
  expiresAt: Timestamp,
});
export const EmailChangeConfirmBody = z.strictObject({
  token: z.string().min(1, 'is required').max(256),
});
export const EmailChangeConfirmed = z.object({ email: z.string() });
