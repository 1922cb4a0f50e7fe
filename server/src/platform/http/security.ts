import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export const CSP_REPORT_PATH = '/api/csp-report';

/** A fresh nonce per HTML response; scripts without it do not run. */
export const newNonce = () => randomBytes(16).toString('base64');

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    `report-uri ${CSP_REPORT_PATH}`,
  ].join('; ');
}

/** Headers on every response. The CSP itself is set per HTML response (it carries the nonce). */
export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // A route that may be framed by our own pages (the email preview) says so itself.
    if (!reply.hasHeader('X-Frame-Options')) reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // Public media (logos, shown in emails) may be embedded elsewhere and says so itself.
    if (!reply.hasHeader('Cross-Origin-Resource-Policy')) {
      reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    }
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (opts.hsts) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!reply.hasHeader('Content-Security-Policy')) {
      // JSON and files get the tightest policy: nothing may run from them.
      reply.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookie-authenticated (i.e. browser) unsafe requests must come from our own origin. Bearer-token
 * requests are exempt: a browser never attaches those by itself. Sign-in and sign-up are covered
 * too (login CSRF). Webhooks, which carry their own signatures, are outside /api.
 */
export function isSameOriginRequest(request: FastifyRequest, allowedOrigins: ReadonlySet<string>) {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin === 'string') return allowedOrigins.has(origin);
  return false;
}

export function registerOriginCheck(app: FastifyInstance, publicUrl: string) {
  const allowed = new Set([new URL(publicUrl).origin]);
  app.addHook('onRequest', async (request) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    // The matched route, not the raw URL: the router decodes `/%61pi/…` to `/api/…`.
    const path = request.routeOptions.url ?? request.url;
    if (!path.startsWith('/api/') || path === CSP_REPORT_PATH) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    if (!isSameOriginRequest(request, allowed)) {
      throw new AppError(
        'cross_origin_request',
        'This request did not come from the Switchboard web app. Use an API key for scripts.',
      );
    }
  });
}
