import { optionalDateRange } from '../../platform/date-range.js';
import { idPageRequest, toPage, type Page } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { auditLogRepo } from './repo.js';
import type { AuditEntry, AuditLogQuery } from './schemas.js';

export function createAuditLogService() {
  return {
    list(ctx: OrgContext, query: AuditLogQuery): Promise<Page<AuditEntry>> {
      requireRole(ctx, 'admin');
      const pageRequest = idPageRequest(query);
      const range = optionalDateRange(query);
      return ctx.run(async (tx) => {
        const rows = await auditLogRepo.list(
          tx,
          ctx.orgId,
          { action: query.action, from: range?.from, to: range?.to },
          pageRequest,
        );
        return toPage(rows, query.limit, (r) => r.id);
      });
    },
  };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
