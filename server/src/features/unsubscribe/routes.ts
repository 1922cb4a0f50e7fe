import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/html.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { typed } from '../../platform/http/route-types.js';
import type { RequestMeta } from '../../platform/tenancy.js';
import {
  createRejectionThrottle,
  type RejectionThrottle,
} from '../../platform/http/rejection-throttle.js';
import { confirmPage, errorPage, unsubscribedPage } from './page.js';
import type { UnsubscribeService } from './service.js';

// Any string: a malformed token is the service's `unsubscribe_link_invalid`, not a validation error.
const Params = z.object({ token: z.string() });
const tags = ['unsubscribe'];
/** HTML for people; problem+json (or, to a browser, an HTML page) for a bad link. */
const problem = (description: string) => ({
  description,
  content: {
    'application/problem+json': { schema: ProblemSchema },
    'text/html': { schema: z.string() },
  },
});
const responses = {
  200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
  400: problem('`unsubscribe_link_invalid`: malformed or tampered link'),
  404: problem('`not_found`: the email this link came from no longer exists'),
  429: problem('`rate_limited`: too many bad links from this address'),
};

const requestMeta = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  requestId: request.id,
});

function html(reply: FastifyReply, status: number, page: (nonce: string) => string) {
  // The token is in the URL: no referrer may carry it anywhere.
  reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
  return sendHtml(reply, status, page);
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
    throttle?: RejectionThrottle;
  },
) {
  const throttle = deps.throttle ?? createRejectionThrottle();

  /** Runs the use case; a browser gets its error as a page, anything else as problem+json. */
  const guarded =
    (page: (token: string, meta: RequestMeta) => Promise<(nonce: string) => string>) =>
    async (
      request: FastifyRequest<{ Params: { token: string } }>,
      reply: FastifyReply,
    ): Promise<void> => {
      if (throttle.blocked(request.ip)) {
        throw new AppError('rate_limited', 'Too many invalid unsubscribe links. Try again later.', {
          headers: { 'Retry-After': '60' },
        });
      }
      try {
        html(reply, 200, await page(request.params.token, requestMeta(request)));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Only forged or mangled links count: one-click posts for a deleted org's old emails
        // come in bulk from a mail provider's few addresses and must not block valid ones.
        if (err.code === 'unsubscribe_link_invalid') throttle.rejected(request.ip);
        if (!request.headers.accept?.includes('text/html')) throw err;
        html(reply, err.status, (nonce) => errorPage(nonce, err.code, err.message));
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
            response: responses,
            security: [],
          },
        },
        guarded(async (token, meta) => {
          const state = await deps.unsubscribe.state(token, meta);
          return (nonce) =>
            state.unsubscribed
              ? unsubscribedPage(nonce, state)
              : confirmPage(nonce, `/u/${token}`, state);
        }),
      );
      api.post(
        '/:token',
        {
          schema: {
            tags,
            summary: 'Unsubscribe (RFC 8058 one-click, or the confirmation page’s button)',
            params: Params,
            response: responses,
            security: [],
          },
        },
        guarded(async (token, meta) => {
          const state = await deps.unsubscribe.unsubscribe(token, meta);
          return (nonce) => unsubscribedPage(nonce, state);
        }),
      );
    },
    { prefix: '/u' },
  );
}
