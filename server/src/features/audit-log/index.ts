import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerAuditLogRoutes } from './routes.js';
import type { AuditLogService } from './service.js';

export { createAuditLogService, type AuditLogService } from './service.js';

export const createAuditLogModule = (deps: { db: Db; auditLog: AuditLogService }) =>
  defineModule({ name: 'audit-log', routes: { org: (app) => registerAuditLogRoutes(app, deps) } });
