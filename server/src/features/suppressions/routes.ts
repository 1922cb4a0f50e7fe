import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import type { SuppressionsService } from './service.js';
import {
  CreateSuppressionBody,
  ListSuppressionsQuery,
  Suppression,
  SuppressionParams,
} from './schemas.js';

export function registerSuppressionRoutes(
  app: FastifyInstance,
  deps: { db: Db; suppressions: SuppressionsService },
) {
  const api = typed(app);
  const tags = ['suppressions'];
  api.get(
    '/suppressions',
    {
      schema: {
        tags,
        summary: 'The suppression ledger (opt-outs), newest first',
        params: OrgParams,
        querystring: ListSuppressionsQuery,
        response: { 200: pageOf(Suppression), ...ORG_ERRORS },
      },
    },
    (request) => deps.suppressions.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.post(
    '/suppressions',
    {
      schema: {
        tags,
        summary:
          'Suppress an identity, a whole contact or a bare address on one channel or all. An identical entry is returned with 200.',
        params: OrgParams,
        body: CreateSuppressionBody,
        response: { 200: Suppression, 201: Suppression, ...ORG_ERRORS, ...problems(422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      const { suppression, created } = await deps.suppressions.suppress(ctx, request.body);
      return reply.status(created ? 201 : 200).send(suppression);
    },
  );
  api.delete(
    '/suppressions/:suppressionId',
    {
      schema: {
        tags,
        summary: 'Lift an opt-out (admin; audited)',
        params: SuppressionParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await deps.suppressions.remove(
        orgContext(request, deps.db, 'admin'),
        request.params.suppressionId,
      );
      return reply.status(204).send(null);
    },
  );
}
