import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, type Role } from '../../db/schema/index.js';
import { AppError, notFound } from '../errors.js';
import { UUID_RE } from '../pagination.js';
import { createOrgContext, requireRole, type OrgContext, type RequestMeta } from '../tenancy.js';
import { resolveApiKey, type ApiKeyPrincipal } from './api-keys.js';
import { roleForScopes } from './roles.js';
import type { SessionStore, SessionUser } from './sessions.js';

export type Principal =
  ({ type: 'user' } & SessionUser) | { type: 'api_key'; key: ApiKeyPrincipal };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set for routes under /api/v1/orgs/:orgId once membership is established. */
    orgScope: { orgId: string; role: Role } | null;
  }
}

export interface CookieSettings {
  name: string;
  secure: boolean;
}

export const sessionCookie = (secure: boolean): CookieSettings => ({
  // __Host- binds the cookie to this exact origin (requires Secure, Path=/, no Domain).
  name: secure ? '__Host-sb_session' : 'sb_session',
  secure,
});

export function setSessionCookie(
  reply: FastifyReply,
  cookie: CookieSettings,
  token: string,
  expiresAt: Date,
) {
  reply.setCookie(cookie.name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, cookie: CookieSettings) {
  reply.clearCookie(cookie.name, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
  });
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua : null,
    requestId: request.id,
  };
}

/** Resolves the caller on every /api request: a bearer API key, else the session cookie. */
export function registerAuth(
  app: FastifyInstance,
  deps: { db: Db; sessions: SessionStore; cookie: CookieSettings },
) {
  app.decorateRequest('principal', null);
  app.decorateRequest('orgScope', null);
  app.addHook('onRequest', async (request, reply) => {
    // The matched route, not the raw URL: the router decodes %-escapes in the path.
    if (!(request.routeOptions.url ?? request.url).startsWith('/api/')) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const [scheme, token] = authorization.split(' ');
      const key = scheme === 'Bearer' && token ? await resolveApiKey(deps.db, token) : null;
      if (!key) {
        throw new AppError('unauthenticated', 'The API key is not valid or has been revoked.', {
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      }
      request.principal = { type: 'api_key', key };
      return;
    }
    const token = request.cookies[deps.cookie.name];
    if (!token) return;
    const session = token.length <= 128 ? await deps.sessions.resolve(token) : null;
    if (session) request.principal = { type: 'user', ...session };
    else clearSessionCookie(reply, deps.cookie);
  });
}

export function requireUser(request: FastifyRequest): { type: 'user' } & SessionUser {
  const p = request.principal;
  if (p?.type === 'user') return p;
  throw new AppError(
    'unauthenticated',
    p ? 'This endpoint needs a signed-in user, not an API key.' : 'Sign in to continue.',
  );
}

/**
 * The org scope of /api/v1/orgs/:orgId/… routes. Anyone who is not a member — another org's
 * user or API key, or a malformed id — gets the same 404: existence is not revealed.
 */
export function registerOrgScope(app: FastifyInstance, db: Db) {
  // Before validation: a non-member learns nothing, not even whether their body was valid.
  app.addHook('preValidation', async (request) => {
    const { orgId } = request.params as { orgId?: string };
    const principal = request.principal;
    if (!principal) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (!orgId || !UUID_RE.test(orgId)) throw notFound('Organization');
    if (principal.type === 'api_key') {
      if (principal.key.orgId !== orgId) throw notFound('Organization');
      request.orgScope = { orgId, role: roleForScopes(principal.key.scopes) };
      return;
    }
    const [membership] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, principal.user.id)));
    if (!membership) throw notFound('Organization');
    request.orgScope = { orgId, role: membership.role };
  });
}

/** The service-call context of an org-scoped route, refusing roles below `minimum` (403). */
export function orgContext(request: FastifyRequest, db: Db, minimum: Role): OrgContext {
  const scope = request.orgScope;
  const principal = request.principal;
  if (!scope || !principal) throw new Error('orgContext() outside an org-scoped route');
  const actor =
    principal.type === 'user'
      ? { type: 'user' as const, id: principal.user.id, name: principal.user.name }
      : { type: 'api_key' as const, id: principal.key.id, name: principal.key.name };
  const ctx = createOrgContext(db, {
    orgId: scope.orgId,
    role: scope.role,
    actor,
    userId: principal.type === 'user' ? principal.user.id : undefined,
    meta: requestMeta(request),
  });
  return requireRole(ctx, minimum);
}
