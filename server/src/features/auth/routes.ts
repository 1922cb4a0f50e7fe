import type { FastifyInstance } from 'fastify';
import {
  clearSessionCookie,
  requestMeta,
  requireUser,
  setSessionCookie,
  type CookieSettings,
} from '../../platform/auth/plugin.js';
import { NoContent, problems, typed } from '../../platform/http/route-types.js';
import { toUser } from './repo.js';
import type { AccountMailService } from './account-mail.js';
import {
  ChangePasswordBody,
  EmailChangeBody,
  EmailChangeConfirmBody,
  EmailChangeConfirmed,
  EmailChangeRequested,
  PasswordResetBody,
  PasswordResetDone,
  PasswordResetRequestBody,
  PasswordResetRequested,
  LoginBody,
  LoginResponse,
  MeResponse,
  SessionParams,
  SessionResponse,
  SignupBody,
  SignupResponse,
  UpdateMeBody,
  UserSessionList,
} from './schemas.js';
import type { AuthService } from './service.js';

interface Deps {
  auth: AuthService;
  accountMail: AccountMailService;
  cookie: CookieSettings;
}

/** Per client IP; a guessing attack also shows up as auth.login_failed in the audit log. */
const AUTH_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export function registerAuthRoutes(app: FastifyInstance, deps: Deps) {
  const api = typed(app);
  api.post(
    '/auth/signup',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its organization (or join one through an invitation)',
        body: SignupBody,
        response: { 201: SignupResponse, ...problems(400, 403, 404, 409, 410, 429) },
      },
    },
    async (request, reply) => {
      const { user, org, session } = await deps.auth.signup(request.body, requestMeta(request));
      setSessionCookie(reply, deps.cookie, session.token, session.expiresAt);
      return reply.status(201).send({ user, org });
    },
  );
  api.post(
    '/auth/login',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginResponse, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const previous = request.cookies[deps.cookie.name];
      const { user, session } = await deps.auth.login(request.body, previous, requestMeta(request));
      setSessionCookie(reply, deps.cookie, session.token, session.expiresAt);
      return { user };
    },
  );
  api.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out; ends the session',
        response: { 204: NoContent, ...problems(403) },
      },
    },
    async (request, reply) => {
      await deps.auth.logout(request.cookies[deps.cookie.name]);
      clearSessionCookie(reply, deps.cookie);
      return reply.status(204).send(null);
    },
  );
  api.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and their organizations',
        response: { 200: MeResponse, ...problems(401) },
      },
    },
    (request) => deps.auth.me(toUser(requireUser(request).user)),
  );
  api.patch(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own name or time zone (null: the organization’s default)',
        body: UpdateMeBody,
        response: { 200: MeResponse, ...problems(400, 401, 403, 422) },
      },
    },
    (request) => deps.auth.updateMe(requireUser(request).user.id, request.body),
  );
  api.post(
    '/me/password',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary:
          'Change your password (current and new; the sign-up strength rules apply). Every other session is signed out.',
        body: ChangePasswordBody,
        response: { 204: NoContent, ...problems(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      await deps.auth.changePassword(requireUser(request), request.body, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
  api.post(
    '/auth/password-reset',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary:
          'Forgot password: mails a reset link (30 minutes, single use) if the address has an account. The answer is the same either way.',
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetRequested, ...problems(400, 403, 429, 503) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await deps.accountMail.requestPasswordReset(request.body.email, requestMeta(request)),
        ),
  );
  api.post(
    '/auth/password-reset/confirm',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with a reset link’s token (the sign-up strength rules apply). Every session of the account ends; sign in with the new password.',
        body: PasswordResetBody,
        response: { 200: PasswordResetDone, ...problems(400, 403, 410, 429) },
      },
    },
    async (request, reply) => {
      const done = await deps.accountMail.resetPassword(request.body, requestMeta(request));
      // This browser's session, if any, ended with the others.
      clearSessionCookie(reply, deps.cookie);
      return done;
    },
  );
  api.post(
    '/me/email',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary:
          'Change your email address (with your password): a confirmation link goes to the new address, a notice to the current one; the address changes when the link is opened.',
        body: EmailChangeBody,
        response: { 202: EmailChangeRequested, ...problems(400, 401, 403, 409, 422, 429, 503) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await deps.accountMail.requestEmailChange(
            requireUser(request),
            request.body,
            requestMeta(request),
          ),
        ),
  );
  api.post(
    '/auth/email-change/confirm',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Confirm a new email address with the mailed link’s token (no sign-in needed)',
        body: EmailChangeConfirmBody,
        response: { 200: EmailChangeConfirmed, ...problems(400, 403, 409, 410, 429) },
      },
    },
    (request) => deps.accountMail.confirmEmailChange(request.body.token, requestMeta(request)),
  );
  api.get(
    '/me/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your signed-in sessions (device, IP, last seen), the current one marked',
        response: { 200: UserSessionList, ...problems(401) },
      },
    },
    (request) => deps.auth.sessions(requireUser(request)),
  );
  api.delete(
    '/me/sessions/:sessionId',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign one of your sessions out (the current one too: that signs you out here)',
        params: SessionParams,
        response: { 204: NoContent, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const signedIn = requireUser(request);
      const ended = await deps.auth.endSession(
        signedIn,
        request.params.sessionId,
        requestMeta(request),
      );
      if (ended.current) clearSessionCookie(reply, deps.cookie);
      return reply.status(204).send(null);
    },
  );
  api.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session, if any (200 either way; for the web app)',
        response: { 200: SessionResponse },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.type !== 'user') return { signedIn: false, user: null, memberships: [] };
      return { signedIn: true, ...(await deps.auth.me(toUser(principal.user))) };
    },
  );
}
