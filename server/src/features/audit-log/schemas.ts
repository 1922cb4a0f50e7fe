import { z } from 'zod';
import { DateRangeQuery } from '../../platform/date-range.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

export const AuditEntry = z
  .object({
    id: z.uuid(),
    action: z.string(),
    actor: z.object({
      type: z.enum(['user', 'api_key', 'system']),
      id: z.string().nullable(),
      name: z.string().nullable(),
    }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditLogQuery = PaginationQuery.extend(
  DateRangeQuery.omit({ granularity: true }).shape,
).extend({
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_.]+$/, 'must look like "member.removed" or a prefix such as "member."')
    .optional()
    .describe('An exact action, or a prefix ending in "." (e.g. "api_key.")'),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
