import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type AuditLogPage =
  paths['/api/v1/orgs/{orgId}/audit-log']['get']['responses'][200]['content']['application/json'];
export type AuditLogEntry = AuditLogPage['items'][number];

export type AuditLogFilter = { action?: string };

export function listAuditLog(orgId: string, filter: AuditLogFilter, cursor?: string) {
  return unwrap(
    api.GET('/api/v1/orgs/{orgId}/audit-log', {
      params: { path: { orgId }, query: { limit: PAGE_SIZE, cursor, action: filter.action } },
    }),
  );
}

export function auditLogQueryOptions(orgId: string, filter: AuditLogFilter) {
  return pagedQueryOptions(orgScopedKey(orgId, 'audit-log', filter), (cursor) =>
    listAuditLog(orgId, filter, cursor),
  );
}

export function useAuditLog(orgId: string, filter: AuditLogFilter) {
  // Keep showing the previous results while a new filter loads, instead of flashing skeletons.
  return useInfiniteQuery({
    ...auditLogQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
  });
}
