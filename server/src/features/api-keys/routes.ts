import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { PaginationQuery, pageOf } from '../../platform/pagination.js';
import { ApiKey, ApiKeyParams, CreateApiKeyBody, CreatedApiKey } from './schemas.js';
import type { ApiKeysService } from './service.js';

export function registerApiKeyRoutes(
  app: FastifyInstance,
  deps: { db: Db; apiKeys: ApiKeysService; idempotent: Idempotent },
) {
  const api = typed(app);
  api.post(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (admin). The secret `key` is shown only in this response.',
        params: OrgParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...ORG_ERRORS, ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'admin');
      const result = await deps.idempotent(request, ctx, 201, (c) =>
        deps.apiKeys.create(c, request.body),
      );
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(result.status as 201).send(result.body);
    },
  );
  api.get(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'List API keys (admin), newest first',
        params: OrgParams,
        querystring: PaginationQuery,
        response: { 200: pageOf(ApiKey), ...ORG_ERRORS },
      },
    },
    (request) => deps.apiKeys.list(orgContext(request, deps.db, 'admin'), request.query),
  );
  api.delete(
    '/api-keys/:keyId',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key (admin); it stops working immediately',
        params: ApiKeyParams,
        response: { 204: NoContent, ...ORG_ERRORS, ...problems(409) },
      },
    },
    async (request, reply) => {
      await deps.apiKeys.revoke(orgContext(request, deps.db, 'admin'), request.params.keyId);
      return reply.status(204).send(null);
    },
  );
}
