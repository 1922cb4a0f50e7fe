import { z } from 'zod';
import { IMPORT_ROW_STATUSES, IMPORT_STATUSES } from '../../db/schema/index.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 100_000;

/** Target fields a CSV column can map to: a channel, the name, or `attributes.<key>`. */
export const ImportTarget = z
  .string()
  .regex(
    /^(name|email|phone|whatsapp|telegram|instagram|attributes\.[A-Za-z0-9_.-]{1,64})$/,
    'must be name, a channel, or attributes.<key>',
  );

/** Form field `mapping`: JSON object of CSV header → target. */
export const ImportMapping = z.record(z.string().min(1).max(200), ImportTarget);
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ContactImport = z
  .object({
    id: z.uuid(),
    status: z.enum(IMPORT_STATUSES),
    fileName: z.string(),
    mapping: z.record(z.string(), z.string()),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    conflicts: z.number().int(),
    invalid: z.number().int(),
    error: z.string().nullable(),
    createdBy: z.string(),
    createdAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ContactImport' });
export type ContactImport = z.infer<typeof ContactImport>;

export const ImportRow = z
  .object({
    rowNumber: z.number().int(),
    status: z.enum(IMPORT_ROW_STATUSES),
    contactId: z.uuid().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'ContactImportRow' });

export const ImportParams = z.object({ orgId: z.string(), importId: z.string() });
export const ListImportRowsQuery = PaginationQuery.extend({
  status: z.enum(IMPORT_ROW_STATUSES).optional(),
});
export type ListImportRowsQuery = z.infer<typeof ListImportRowsQuery>;
