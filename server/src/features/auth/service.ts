import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { auditForUser } from './audit.js';
import { requireStrongPassword } from '../../platform/auth/password-strength.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/schemas.js';
import { UUID_RE } from '../../platform/pagination.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import { requireTimeZone } from '../../platform/time-zone.js';
import { describeDevice } from './device.js';
import type { InvitationsService } from '../members/index.js';
import { createOrgWithOwner, orgsRepo, type Org } from '../orgs/index.js';
import { toUser, usersRepo } from './repo.js';
import type { ChangePasswordBody, MeResponse, UpdateMeBody, User, UserSession } from './schemas.js';

export interface AuthDeps {
  db: Db;
  sessions: SessionStore;
  invitations: Pick<InvitationsService, 'acceptInTransaction'>;
  /** Sign-up without an invitation is allowed (SIGNUP_OPEN). */
  signupOpen?: boolean;
}

/** The signed-in user of a request, and the session it came with. */
export interface SignedInUser {
  sessionId: string;
  user: { id: string; name: string; email: string };
}

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  orgName?: string | undefined;
  invitationToken?: string | undefined;
  timezone?: string | undefined;
}

const emailTaken = () =>
  new AppError('email_taken', 'An account with this email already exists. Sign in instead.', {
    errors: [{ path: 'email', message: 'is already registered' }],
  });

export function createAuthService(deps: AuthDeps) {
  async function me(user: User): Promise<MeResponse> {
    return { user, memberships: await usersRepo.memberships(deps.db, user.id) };
  }

  return {
    async signup(input: SignupInput, meta: RequestMeta) {
      if (deps.signupOpen === false && !input.invitationToken) {
        throw forbidden(
          'Sign-up on this server is by invitation only. Ask an admin to invite you.',
        );
      }
      const timezone =
        input.timezone === undefined ? null : requireTimeZone(input.timezone, 'timezone');
      // Hash before the transaction: argon2 takes ~50 ms and the transaction should stay short.
      const passwordHash = await hashPassword(input.password);
      try {
        return await deps.db.transaction(async (tx) => {
          if (await usersRepo.findByEmail(tx, input.email)) throw emailTaken();
          const row = await usersRepo.create(tx, {
            email: input.email,
            name: input.name,
            passwordHash,
            timezone,
          });
          const user = toUser(row);
          let org: Org;
          if (input.invitationToken) {
            const accepted = await deps.invitations.acceptInTransaction(
              tx,
              input.invitationToken,
              row,
              meta,
            );
            org = (await orgsRepo.get(tx, accepted.org.id))!;
          } else {
            org = await createOrgWithOwner(
              tx,
              uuidv7(),
              input.orgName ?? '',
              row,
              meta,
              timezone ? { defaultTimezone: timezone } : {},
            );
          }
          await recordAudit(tx, {
            orgId: org.id,
            action: 'auth.signup',
            actor: { type: 'user', id: row.id, name: row.name },
            targetType: 'user',
            targetId: row.id,
            metadata: { email: row.email },
            meta,
          });
          const session = await deps.sessions.create(tx, row.id, meta);
          return { user, org, session };
        });
      } catch (err) {
        // Two sign-ups racing for one email: the unique constraint decides.
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
    },

    async login(
      input: { email: string; password: string },
      previousToken: string | undefined,
      meta: RequestMeta,
    ) {
      const row = await usersRepo.findByEmail(deps.db, input.email);
      const ok = row ? await verifyPassword(row.passwordHash, input.password) : false;
      if (!row) await burnPasswordCheck(input.password);
      if (!row || !ok) {
        await deps.db.transaction((tx) =>
          auditForUser(
            tx,
            row?.id ?? null,
            'auth.login_failed',
            null,
            { email: input.email },
            meta,
          ),
        );
        throw new AppError('invalid_credentials', 'The email or password is not correct.');
      }
      return deps.db.transaction(async (tx) => {
        // A new token at every sign-in (no session fixation); the old one stops working.
        if (previousToken) await deps.sessions.destroy(tx, previousToken);
        const session = await deps.sessions.create(tx, row.id, meta);
        await auditForUser(tx, row.id, 'auth.login', row, {}, meta);
        return { user: toUser(row), session };
      });
    },

    async logout(token: string | undefined): Promise<void> {
      if (token) await deps.sessions.destroy(deps.db, token);
    },

    me,

    /** The user's own name and time zone (null: the organization's default). */
    async updateMe(userId: string, body: UpdateMeBody): Promise<MeResponse> {
      const values = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.timezone !== undefined && {
          timezone: body.timezone === null ? null : requireTimeZone(body.timezone, 'timezone'),
        }),
      };
      const row = Object.keys(values).length
        ? await usersRepo.update(deps.db, userId, values)
        : await usersRepo.get(deps.db, userId);
      if (!row) throw notFound('User');
      return me(toUser(row));
    },

    /**
     * A new password, given the current one, under the sign-up strength rules; every other session
     * of the user ends (a thief's included), this one stays. Audited in each of their orgs.
     */
    async changePassword(
      signedIn: SignedInUser,
      body: ChangePasswordBody,
      meta: RequestMeta,
    ): Promise<void> {
      const row = await usersRepo.get(deps.db, signedIn.user.id);
      if (!row) throw notFound('User');
      if (!(await verifyPassword(row.passwordHash, body.currentPassword))) {
        throw new AppError('wrong_password', 'The current password is not correct.', {
          errors: [{ path: 'currentPassword', message: 'is not correct' }],
        });
      }
      requireStrongPassword(body.newPassword, row, 'newPassword');
      const passwordHash = await hashPassword(body.newPassword);
      await deps.db.transaction(async (tx) => {
        await usersRepo.update(tx, row.id, { passwordHash });
        const ended = await deps.sessions.destroyOthers(tx, row.id, signedIn.sessionId);
        await auditForUser(
          tx,
          row.id,
          'auth.password_changed',
          { id: row.id, name: row.name },
          { sessionsEnded: ended },
          meta,
        );
      });
    },

    async sessions(signedIn: SignedInUser): Promise<{ items: UserSession[] }> {
      const rows = await deps.sessions.list(deps.db, signedIn.user.id);
      return {
        items: rows.map((r) => ({
          id: r.id,
          device: describeDevice(r.userAgent),
          ip: r.ip,
          createdAt: iso(r.createdAt),
          lastSeenAt: iso(r.lastSeenAt),
          current: r.id === signedIn.sessionId,
        })),
      };
    },

    /** Signs one of the user's sessions out; another user's session id is a 404, like a missing one. */
    async endSession(
      signedIn: SignedInUser,
      sessionId: string,
      meta: RequestMeta,
    ): Promise<{ current: boolean }> {
      if (!UUID_RE.test(sessionId)) throw notFound('Session');
      await deps.db.transaction(async (tx) => {
        if (!(await deps.sessions.destroyById(tx, signedIn.user.id, sessionId))) {
          throw notFound('Session');
        }
        await auditForUser(
          tx,
          signedIn.user.id,
          'auth.session_ended',
          { id: signedIn.user.id, name: signedIn.user.name },
          { sessionId },
          meta,
        );
      });
      return { current: sessionId === signedIn.sessionId };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
