import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IntegrationProvider } from '../../db/schema/index.js';
import { typed } from '../../platform/http/route-types.js';
import type { WebhooksService } from './service.js';
import type { WebhookRoute } from '../../providers/provider.js';
import { allProviders } from '../../providers/registry.js';

const Params = z.object({ integrationId: z.string().max(100) });

/** Rejected callbacks an address may send to one integration per minute before it is turned away. */
export const REJECTIONS_PER_MINUTE = 60;

/**
 * Throttles only what fails verification, per sender address and integration. Providers do not all
 * retry a refused callback (Twilio's status callbacks are not retried), so verified traffic is never
 * counted; an address that keeps sending unverifiable requests to an integration is answered 429
 * without a database lookup, and cannot get another sender (the provider) blocked by doing so.
 */
export function createRejectionThrottle(limit = REJECTIONS_PER_MINUTE, now = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under a spray of addresses
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    return w;
  };
  return {
    blocked: (key: string) => current(key).count >= limit,
    rejected: (key: string) => {
      current(key).count += 1;
    },
  };
}
/**
 * Provider callbacks, outside the org-scoped API: no session, no API key — the provider's
 * signature is the authentication. Bodies are kept as raw bytes (every signature covers them
 * exactly); a failed verification gets a bare 401/403 with no detail. The routes are every
 * provider's callback routes (and handshakes), from the registry.
 */
export async function registerWebhookRoutes(
  app: FastifyInstance,
  deps: {
    webhooks: WebhooksService;
    publicUrl: string;
    afterStore?: () => void;
    throttle?: ReturnType<typeof createRejectionThrottle>;
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
          if (throttle.blocked(sender)) return reply.status(429).header('Retry-After', '60').send();
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const result = await deps.webhooks.ingest(provider, request.params.integrationId, {
            purpose: route.purpose,
            url: `${deps.publicUrl}${request.url}`,
            headers: request.headers,
            rawBody,
          });
          if (result.status !== 200) {
            if (result.status === 401 || result.status === 403) throttle.rejected(sender);
            return reply.status(result.status).send();
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
            if (answer.status !== 200) return reply.status(403).send();
            return reply.status(200).type('text/plain').send(answer.body);
          },
        );
      }
    },
    { prefix: '/webhooks' },
  );
}
