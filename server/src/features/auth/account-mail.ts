/**
 * What a user does through a link mailed to them (decision 035): reset a forgotten password, and
 * confirm a new email address. Tokens are 256-bit, stored as their SHA-256, single-use (spent by
 * a conditional update) and short-lived.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import { userTokens, type UserTokenPurpose } from '../../db/schema/index.js';
import { requireStrongPassword } from '../../platform/auth/password-strength.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { randomToken, sha256 } from '../../platform/auth/tokens.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/schemas.js';
import { defineJob, type JobQueue } from '../../platform/jobs/registry.js';
import { composeMail, type PlatformMail } from '../../platform/mail/index.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import { auditForUser } from './audit.js';
import { usersRepo } from './repo.js';
import type { SignedInUser } from './service.js';

export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;
/** At most one reset mail per account in this interval: a request cannot be used to mail-bomb. */
const RESET_MAIL_INTERVAL_MS = 60_000;

export interface AccountMailDeps {
  db: Db;
  sessions: SessionStore;
  mail: Pick<PlatformMail, 'send' | 'availability'>;
  queue: JobQueue;
  secrets: KeyRing;
  publicUrl: string;
}

const mailUnavailable = () =>
  new AppError(
    'mail_unavailable',
    'This server cannot send email, so this cannot be done by email. Ask your administrator.',
  );

const tokenInvalid = (what: string) =>
  new AppError(
    'token_invalid',
    `This ${what} link has expired or was already used. Ask for a new one.`,
  );

const ResetRequestPayload = z.object({
  /** The address as typed, Fernet-sealed: job rows are kept in pg-boss's archive. */
  sealedEmail: z.string().min(1),
  requestId: z.string(),
});

export function createAccountMailService(deps: AccountMailDeps) {
  const link = (path: string, token: string) =>
    `${deps.publicUrl}${path}?token=${encodeURIComponent(token)}`;

  async function issue(
    tx: Executor,
    userId: string,
    purpose: UserTokenPurpose,
    ttlMs: number,
    newEmail: string | null = null,
  ) {
    // A new link replaces the earlier ones of the same purpose.
    await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(userTokens.userId, userId),
          eq(userTokens.purpose, purpose),
          isNull(userTokens.usedAt),
        ),
      );
    const token = randomToken();
    const expiresAt = new Date(Date.now() + ttlMs);
    await tx
      .insert(userTokens)
      .values({ userId, purpose, tokenHash: sha256(token), newEmail, expiresAt });
    return { token, expiresAt };
  }

  /** Spends a token: only one caller gets the row, however many race for it. */
  async function spend(tx: Executor, token: string, purpose: UserTokenPurpose) {
    const [row] = await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(userTokens.tokenHash, sha256(token)),
          eq(userTokens.purpose, purpose),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, new Date()),
        ),
      )
      .returning();
    return row;
  }

  /**
   * The job behind a reset request: looks the address up and mails a link if it has an account.
   * The request itself only queues this, so its answer and its timing are the same either way.
   */
  const resetRequestJob = defineJob({
    name: 'auth.password-reset-request',
    schema: ResetRequestPayload,
    retry: { limit: 3, delaySeconds: 10 },
    handler: async ({ sealedEmail, requestId }) => {
      const email = deps.secrets.decryptString(sealedEmail);
      await deps.db.transaction(async (tx) => {
        const user = await usersRepo.findByEmail(tx, email);
        if (!user) return;
        const [recent] = await tx
          .select({ id: userTokens.id })
          .from(userTokens)
          .where(
            and(
              eq(userTokens.userId, user.id),
              eq(userTokens.purpose, 'password_reset'),
              gt(userTokens.createdAt, new Date(Date.now() - RESET_MAIL_INTERVAL_MS)),
            ),
          )
          .limit(1);
        if (recent) return;
        const { token } = await issue(tx, user.id, 'password_reset', PASSWORD_RESET_TTL_MS);
        await deps.mail.send(
          composeMail({
            to: user.email,
            subject: 'Reset your Switchboard password',
            paragraphs: [
              `Hi ${user.name},`,
              'Someone asked to reset the password of your Switchboard account. The link below sets a new one; it works once, for 30 minutes.',
              'Resetting signs you out everywhere.',
            ],
            action: { label: 'Choose a new password', url: link('/reset-password', token) },
            footnote:
              'If you did not ask for this, ignore this email: your password stays as it is.',
          }),
          { purpose: 'password_reset', tx },
        );
        await auditForUser(
          tx,
          user.id,
          'auth.password_reset_requested',
          null,
          {},
          { ip: null, userAgent: null, requestId },
        );
      });
    },
  });

  return {
    jobs: [resetRequestJob],

    /** Queues the lookup; the same answer whether or not the address has an account. */
    async requestPasswordReset(
      email: string,
      meta: RequestMeta,
    ): Promise<{ expiresInMinutes: number }> {
      if (!deps.mail.availability.enabled) throw mailUnavailable();
      await deps.queue.enqueue(resetRequestJob, {
        sealedEmail: deps.secrets.encryptString(email),
        requestId: meta.requestId,
      });
      return { expiresInMinutes: PASSWORD_RESET_TTL_MS / 60_000 };
    },

    /** A new password through a reset link: the link is spent and every session ends. */
    async resetPassword(input: { token: string; password: string }, meta: RequestMeta) {
      // Checked before anything is spent, so a weak password leaves the link usable.
      const peek = await deps.db
        .select({ userId: userTokens.userId })
        .from(userTokens)
        .where(
          and(
            eq(userTokens.tokenHash, sha256(input.token)),
            eq(userTokens.purpose, 'password_reset'),
            isNull(userTokens.usedAt),
            gt(userTokens.expiresAt, new Date()),
          ),
        );
      const user = peek[0] && (await usersRepo.get(deps.db, peek[0].userId));
      if (!user) throw tokenInvalid('password reset');
      requireStrongPassword(input.password, user, 'password');
      const passwordHash = await hashPassword(input.password);
      await deps.db.transaction(async (tx) => {
        const spent = await spend(tx, input.token, 'password_reset');
        if (!spent) throw tokenInvalid('password reset');
        await usersRepo.update(tx, spent.userId, { passwordHash });
        const ended = await deps.sessions.destroyAll(tx, spent.userId);
        await auditForUser(
          tx,
          spent.userId,
          'auth.password_reset',
          { id: user.id, name: user.name },
          { sessionsEnded: ended },
          meta,
        );
      });
      return { email: user.email };
    },

    /**
     * Asks to move the account to another address, given the password: a confirmation link goes
     * to the new address (the account keeps the old one until it is opened), and a notice to the
     * old one.
     */
    async requestEmailChange(
      signedIn: SignedInUser,
      input: { email: string; password: string },
      meta: RequestMeta,
    ) {
      if (!deps.mail.availability.enabled) throw mailUnavailable();
      const user = await usersRepo.get(deps.db, signedIn.user.id);
      if (!user) throw notFound('User');
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new AppError('wrong_password', 'The password is not correct.', {
          errors: [{ path: 'password', message: 'is not correct' }],
        });
      }
      if (input.email.toLowerCase() === user.email.toLowerCase()) {
        throw new AppError('validation_failed', 'This is already your email address.', {
          errors: [{ path: 'email', message: 'is already your email address' }],
        });
      }
      if (await usersRepo.findByEmail(deps.db, input.email)) {
        throw new AppError('email_taken', 'Another account uses this email address.', {
          errors: [{ path: 'email', message: 'is used by another account' }],
        });
      }
      return deps.db.transaction(async (tx) => {
        const { token, expiresAt } = await issue(
          tx,
          user.id,
          'email_change',
          EMAIL_CHANGE_TTL_MS,
          input.email,
        );
        await deps.mail.send(
          composeMail({
            to: input.email,
            subject: 'Confirm your new email address for Switchboard',
            paragraphs: [
              `Hi ${user.name},`,
              `Confirm that ${input.email} is the new email address of your Switchboard account (now ${user.email}). The link works once, for 24 hours.`,
            ],
            action: { label: 'Confirm this address', url: link('/confirm-email', token) },
            footnote:
              'If you did not ask for this, ignore this email: the account keeps its address.',
          }),
          { purpose: 'email_change', tx },
        );
        await deps.mail.send(
          composeMail({
            to: user.email,
            subject: 'Your Switchboard email address is being changed',
            paragraphs: [
              `Hi ${user.name},`,
              `Someone signed in to your account asked to change its email address to ${input.email}. It changes only when that address confirms.`,
              'If this was not you, change your password now: that also signs everyone else out.',
            ],
            action: { label: 'Open your profile', url: `${deps.publicUrl}/profile` },
            footnote: 'You get this notice at your current address for every change requested.',
          }),
          { purpose: 'email_change_notice', tx },
        );
        await auditForUser(
          tx,
          user.id,
          'auth.email_change_requested',
          { id: user.id, name: user.name },
          { newEmail: input.email },
          meta,
        );
        return { pendingEmail: input.email, expiresAt: iso(expiresAt) };
      });
    },

    /** Opens a confirmation link: the account takes the new address (no sign-in needed). */
    async confirmEmailChange(token: string, meta: RequestMeta) {
      try {
        return await deps.db.transaction(async (tx) => {
          const spent = await spend(tx, token, 'email_change');
          if (!spent?.newEmail) throw tokenInvalid('confirmation');
          const before = await usersRepo.get(tx, spent.userId);
          if (!before) throw tokenInvalid('confirmation');
          const user = await usersRepo.update(tx, spent.userId, { email: spent.newEmail });
          await auditForUser(
            tx,
            spent.userId,
            'auth.email_changed',
            { id: before.id, name: before.name },
            { from: before.email, to: spent.newEmail },
            meta,
          );
          return { email: user!.email };
        });
      } catch (err) {
        // Someone signed up with the address after the request: the link cannot be used.
        if (isUniqueViolation(err)) {
          throw new AppError('email_taken', 'Another account uses this email address now.');
        }
        throw err;
      }
    },
  };
}

export type AccountMailService = ReturnType<typeof createAccountMailService>;
