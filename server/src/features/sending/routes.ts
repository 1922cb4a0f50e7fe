import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { Message } from '../message-log/index.js';
import { MessageParams, ReviewBody, SendMessageBody } from './schemas.js';
import type { SendService } from './service.js';

export function registerSendRoutes(
  app: FastifyInstance,
  deps: { db: Db; send: SendService; idempotent: Idempotent },
) {
  const api = typed(app);
  const tags = ['messages'];
  api.post(
    '/messages',
    {
      schema: {
        tags,
        summary:
          'Send one message (member): to a contact or an address, from a template or literal ' +
          'content. Queued for the integration and answered at once; with an `Idempotency-Key` ' +
          'the same key always answers the same message and never sends twice. A recipient on the ' +
          'suppression list gets a `suppressed` message, not a send.',
        params: OrgParams,
        body: SendMessageBody,
        response: { 202: Message, ...ORG_ERRORS, ...problems(409, 422, 429) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      const key = request.headers['idempotency-key'];
      const rowKey =
        typeof key === 'string' ? `${ctx.actor.type}:${ctx.actor.id}:${key}` : undefined;
      const result = await deps.idempotent(request, ctx, 202, (c) =>
        deps.send.send(c, request.body, rowKey),
      );
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(202).send(result.body);
    },
  );
  api.post(
    '/messages/:messageId/retry',
    {
      schema: {
        tags,
        summary:
          'Send a failed or needs-review message again (member), for real: it is queued, checked ' +
          'against the suppression list, and becomes `sent` only when the provider accepts it.',
        params: MessageParams,
        response: { 202: Message, ...ORG_ERRORS, ...problems(409) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      const result = await deps.idempotent(request, ctx, 202, (c) =>
        deps.send.retry(c, request.params.messageId),
      );
      return reply.status(202).send(result.body);
    },
  );
  api.post(
    '/messages/:messageId/review',
    {
      schema: {
        tags,
        summary:
          'Decide on a message whose outcome at the provider is unknown (member): `resend` it, ' +
          '`mark_sent` (you checked it went out) or `cancel` it.',
        params: MessageParams,
        body: ReviewBody,
        response: { 200: Message, ...ORG_ERRORS, ...problems(409) },
      },
    },
    (request) =>
      deps.send.review(
        orgContext(request, deps.db, 'member'),
        request.params.messageId,
        request.body,
      ),
  );
}
