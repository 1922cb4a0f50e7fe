import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { typed } from '../../platform/http/route-types.js';
import { contentSecurityPolicy, newNonce } from '../../platform/http/security.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import { createRejectionThrottle } from '../webhooks/routes.js';
import { confirmPage, errorPage, unsubscribedPage } from './page.js';
import type { UnsubscribeService } from './service.js';

// Any string: a malformed token is the service's `unsubscribe_link_invalid`, not a validation error.
const Params = z.object({ token: z.string() });
const tags = ['unsubscribe'];

const meta = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  requestId: request.id,
});

function html(reply: FastifyReply, status: number, page: (nonce: string) => string) {
  const nonce = newNonce();
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', contentSecurityPolicy(nonce))
      .header('Cache-Control', 'no-store')
      // The token is in the URL: no referrer may carry it anywhere.
      .header('Referrer-Policy', 'no-referrer')
      .send(page(nonce))
  );
}

/**
 * Unsubscribe links (decision 014), outside the API: no session, no API key — the signed token is
 * the authorization. `GET` only shows a confirmation page (mail scanners prefetch links); `POST`
 * is RFC 8058 one-click (`List-Unsubscribe=One-Click`) and the page's button. Addresses that keep
 * presenting bad tokens are turned away for a minute, as on the webhook routes.
 */
export async function registerUnsubscribeRoutes(
  app: FastifyInstance,
  deps: {
    unsubscribe: UnsubscribeService;
    throttle?: ReturnType<typeof createRejectionThrottle>;
  },
) {
  const throttle = deps.throttle ?? createRejectionThrottle();

  /** Runs the use case; a browser gets its error as a page, anything else as problem+json. */
  const guarded =
    (
      run: (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => unknown,
    ) =>
    async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      if (throttle.blocked(request.ip)) {
        throw new AppError('rate_limited', 'Too many invalid unsubscribe links. Try again later.', {
          headers: { 'Retry-After': '60' },
        });
      }
      try {
        return await run(request, reply);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'unsubscribe_link_invalid' || err.code === 'not_found') {
          throttle.rejected(request.ip);
        }
        if (!request.headers.accept?.includes('text/html')) throw err;
        return html(reply, err.status, (nonce) => errorPage(nonce, err.code, err.message));
      }
    };

  await app.register(
    async (scope) => {
      // One-click bodies come form-encoded or multipart; the token alone decides, so the body
      // is read (bounded) and ignored.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_r, _b, done) =>
        done(null, undefined),
      );
      const api = typed(scope);
      api.get(
        '/:token',
        {
          schema: {
            tags,
            summary: 'Unsubscribe confirmation page (HTML); changes nothing',
            params: Params,
            security: [],
          },
        },
        guarded(async (request, reply) => {
          const state = await deps.unsubscribe.state(request.params.token, meta(request));
          return html(reply, 200, (nonce) =>
            state.unsubscribed
              ? unsubscribedPage(nonce, state)
              : confirmPage(nonce, `/u/${request.params.token}`, state),
          );
        }),
      );
      api.post(
        '/:token',
        {
          schema: {
            tags,
            summary: 'Unsubscribe (RFC 8058 one-click, or the confirmation page’s button)',
            params: Params,
            security: [],
          },
        },
        guarded(async (request, reply) => {
          const state = await deps.unsubscribe.unsubscribe(request.params.token, meta(request));
          return html(reply, 200, (nonce) => unsubscribedPage(nonce, state));
        }),
      );
    },
    { prefix: '/u' },
  );
}
