import { uuidv7 } from 'uuidv7';
import type { Db, Executor } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError } from '../../platform/errors.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import type { InvitationsService } from '../members/index.js';
import { createOrgWithOwner, orgsRepo, type Org } from '../orgs/index.js';
import { toUser, usersRepo } from './repo.js';
import type { MeResponse, User } from './schemas.js';

export interface AuthDeps {
  db: Db;
  sessions: SessionStore;
  invitations: Pick<InvitationsService, 'acceptInTransaction'>;
}

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  orgName?: string | undefined;
  invitationToken?: string | undefined;
}

const emailTaken = () =>
  new AppError('email_taken', 'An account with this email already exists. Sign in instead.', {
    errors: [{ path: 'email', message: 'is already registered' }],
  });

export function createAuthService(deps: AuthDeps) {
  /** Security events are recorded in every organization the user belongs to. */
  async function auditForUser(
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

  return {
    async signup(input: SignupInput, meta: RequestMeta) {
      // Hash before the transaction: argon2 takes ~50 ms and the transaction should stay short.
      const passwordHash = await hashPassword(input.password);
      try {
        return await deps.db.transaction(async (tx) => {
          if (await usersRepo.findByEmail(tx, input.email)) throw emailTaken();
          const row = await usersRepo.create(tx, {
            email: input.email,
            name: input.name,
            passwordHash,
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
            org = await createOrgWithOwner(tx, uuidv7(), input.orgName ?? '', row, meta);
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

    async me(user: User): Promise<MeResponse> {
      return { user, memberships: await usersRepo.memberships(deps.db, user.id) };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
