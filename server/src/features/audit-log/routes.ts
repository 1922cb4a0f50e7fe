import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import { AuditEntry, AuditLogQuery } from './schemas.js';
import type { AuditLogService } from './service.js';

export function registerAuditLogRoutes(
  app: FastifyInstance,
  deps: { db: Db; auditLog: AuditLogService },
) {
  typed(app).get(
    '/audit-log',
    {
      schema: {
        tags: ['audit-log'],
        summary: 'Security-relevant actions in this organization (admin), newest first',
        params: OrgParams,
        querystring: AuditLogQuery,
        response: { 200: pageOf(AuditEntry), ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) => deps.auditLog.list(orgContext(request, deps.db, 'admin'), request.query),
  );
}
