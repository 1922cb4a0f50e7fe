import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext, requestMeta, requireUser } from '../../platform/auth/plugin.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { CreateOrgBody, Org, UpdateOrgBody } from './schemas.js';
import type { OrgsService } from './service.js';

interface Deps {
  db: Db;
  orgs: OrgsService;
}

export function registerOrgRoutes(app: FastifyInstance, deps: Deps) {
  typed(app).post(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Create an organization; the caller becomes its owner',
        body: CreateOrgBody,
        response: { 201: Org, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      const org = await deps.orgs.createForUser(user, request.body.name, requestMeta(request));
      return reply.status(201).send(org);
    },
  );
}

export function registerOrgScopedRoutes(app: FastifyInstance, deps: Deps) {
  const api = typed(app);
  api.get(
    '/',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Get the organization',
        params: OrgParams,
        response: { 200: Org, ...ORG_ERRORS },
      },
    },
    (request) => deps.orgs.get(orgContext(request, deps.db, 'viewer')),
  );
  api.patch(
    '/',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Rename the organization (admin)',
        params: OrgParams,
        body: UpdateOrgBody,
        response: { 200: Org, ...ORG_ERRORS },
      },
    },
    (request) => deps.orgs.rename(orgContext(request, deps.db, 'admin'), request.body.name),
  );
}
