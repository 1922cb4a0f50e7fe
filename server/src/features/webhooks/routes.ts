import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IntegrationProvider } from '../../db/schema/index.js';
import {
  createRejectionThrottle,
  type RejectionThrottle,
} from '../../platform/http/rejection-throttle.js';
import { AppError } from '../../platform/errors.js';
import { typed } from '../../platform/http/route-types.js';
import type { WebhooksService } from './service.js';
import type { WebhookRoute } from '../../providers/provider.js';
import { allProviders } from '../../providers/registry.js';

const Params = z.object({ integrationId: z.string().max(100) });

/** One answer for every failed verification: nothing tells a forger which check stopped it. */
const unverified = (status: 401 | 403) =>
  new AppError(
    status === 401 ? 'unauthenticated' : 'forbidden',
    'The callback could not be verified.',
  );

/**
 * Provider callbacks, outside the org-scoped API: no session, no API key — the provider's
 * signature is the authentication. Bodies are kept as raw bytes (every signature covers them
 * exactly); a failed verification gets a 401/403 problem that says nothing of which check
 * failed (the same body for every rejection). The routes are every
 * provider's callback routes (and handshakes), from the registry.
 */
export async function registerWebhookRoutes(
  app: FastifyInstance,
  deps: {
    webhooks: WebhooksService;
    publicUrl: string;
    afterStore?: () => void;
    throttle?: RejectionThrottle;
  },
) {
  const throttle = deps.throttle ?? createRejectionThrottle();
  await app.register(
    async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      const api = typed(scope);

      const handle =
        (provider: IntegrationProvider, route: WebhookRoute) =>
        async (
          request: FastifyRequest<{ Params: { integrationId: string } }>,
          reply: FastifyReply,
        ) => {
          const sender = `${request.ip}|${request.params.integrationId}`;
          if (throttle.blocked(sender)) {
            throw new AppError('rate_limited', 'Too many rejected callbacks. Try again later.', {
              headers: { 'Retry-After': '60' },
            });
          }
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const result = await deps.webhooks.ingest(provider, request.params.integrationId, {
            purpose: route.purpose,
            url: `${deps.publicUrl}${request.url}`,
            headers: request.headers,
            rawBody,
          });
          if (result.status !== 200) {
            throttle.rejected(sender);
            throw unverified(result.status);
          }
          if (result.inserted > 0) deps.afterStore?.();
          if (route.reply)
            return reply.status(200).type(route.reply.contentType).send(route.reply.body);
          return reply.status(200).send();
        };

      for (const provider of allProviders()) {
        const { routes, handshake } = provider.callbacks;
        for (const route of routes) {
          api.post(
            `/${provider.name}/:integrationId${route.suffix}`,
            {
              schema: { tags: ['webhooks'], summary: route.summary, params: Params, security: [] },
            },
            handle(provider.name, route),
          );
        }
        if (!handshake) continue;
        api.get(
          `/${provider.name}/:integrationId`,
          {
            schema: {
              tags: ['webhooks'],
              summary: handshake.summary,
              params: Params,
              querystring: handshake.query,
              security: [],
            },
          },
          async (request, reply) => {
            const answer = await deps.webhooks.handshake(
              provider.name,
              request.params.integrationId,
              request.query,
            );
            if (answer.status !== 200) throw unverified(403);
            return reply.status(200).type('text/plain').send(answer.body);
          },
        );
      }
    },
    { prefix: '/webhooks' },
  );
}
