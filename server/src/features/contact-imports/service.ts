import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { contactImports } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../platform/jobs/registry.js';
import {
  idPageRequest,
  toPage,
  UUID_RE,
  type CursorKey,
  type PageRequest,
  type PaginationQuery,
} from '../../platform/pagination.js';
import { createOrgContext, requireRole, type OrgContext } from '../../platform/tenancy.js';
import { contactsRepo } from '../contacts/index.js';
import { defaultMapping, readCsv, toRows } from './csv.js';
import { importBatch, readRows } from './processor.js';
import { importsRepo } from './repo.js';
import { ImportMapping, type ContactImport, type ListImportRowsQuery } from './schemas.js';

export const BATCH_SIZE = 1000;
export const importJobPayload = z.object({ orgId: z.uuid(), importId: z.uuid() });

/**
 * Import rows page by row number (the first page starts after 0: the header is row 1). Their
 * cursor is that number in base64url, not the JSON key of other lists, and a bad one is refused
 * without field errors: kept as the API has always had it.
 */
function rowPageRequest(query: ListImportRowsQuery): PageRequest {
  const after = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) : 0;
  if (!Number.isInteger(after))
    throw new AppError('invalid_cursor', 'The cursor is not valid. Start again without one.');
  return { after: [after], limit: query.limit };
}
const encodeRowCursor = ([rowNumber]: CursorKey) =>
  Buffer.from(String(rowNumber)).toString('base64url');

const toImport = (row: typeof contactImports.$inferSelect): ContactImport => ({
  id: row.id,
  status: row.status,
  fileName: row.fileName,
  mapping: row.mapping,
  totalRows: row.totalRows,
  processedRows: row.processedRows,
  created: row.created,
  updated: row.updated,
  conflicts: row.conflicts,
  invalid: row.invalid,
  error: row.error,
  createdBy: row.createdByName,
  createdAt: iso(row.createdAt),
  finishedAt: isoOrNull(row.finishedAt),
});

export function createContactImportsService(deps: { db: Db; queue: JobQueue; logger?: Logger }) {
  const job: JobDefinition<typeof importJobPayload> = defineJob({
    name: 'contacts.import',
    schema: importJobPayload,
    retry: { limit: 3, delaySeconds: 30 },
    handler: (payload): Promise<void> => service.run(payload),
  });

  async function load(ctx: OrgContext, id: string) {
    if (!UUID_RE.test(id)) throw notFound('Import');
    const row = await ctx.run((tx) => importsRepo.get(tx, ctx.orgId, id));
    if (!row) throw notFound('Import');
    return row;
  }

  const service = {
    job,

    /** Checks the file and the mapping, stores the import and queues the job in one transaction. */
    async start(
      ctx: OrgContext,
      input: {
        fileName: string;
        buffer: Buffer;
        mapping?: string;
        region?: string;
        groupId?: string;
      },
    ): Promise<ContactImport> {
      requireRole(ctx, 'member');
      const { header, rows } = readCsv(input.buffer);
      let mapping = defaultMapping(header);
      if (input.mapping) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(input.mapping);
        } catch {
          parsed = undefined;
        }
        const result = ImportMapping.safeParse(parsed);
        if (!result.success) {
          throw new AppError(
            'validation_failed',
            'mapping must be a JSON object of column → field.',
            {
              errors: result.error.issues.map((i) => ({
                path: ['mapping', ...i.path].join('.'),
                message: i.message,
              })),
            },
          );
        }
        const missing = Object.keys(result.data).filter((c) => !header.includes(c));
        if (missing.length) {
          throw new AppError(
            'validation_failed',
            `The CSV has no column ${missing.map((m) => JSON.stringify(m)).join(', ')}.`,
            {
              errors: missing.map((m) => ({
                path: `mapping.${m}`,
                message: 'no such column in the file',
              })),
            },
          );
        }
        mapping = result.data;
      }
      if (input.region !== undefined && !/^[A-Za-z]{2}$/.test(input.region)) {
        throw new AppError('validation_failed', 'region must be a two-letter country code.', {
          errors: [{ path: 'region', message: 'must be a two-letter country code' }],
        });
      }
      return ctx.run(async (tx) => {
        if (input.groupId) {
          const exists =
            UUID_RE.test(input.groupId) &&
            (await importsRepo.groupExists(tx, ctx.orgId, input.groupId));
          if (!exists) throw notFound('Group');
        }
        const row = await importsRepo.insert(tx, {
          orgId: ctx.orgId,
          fileName: input.fileName.slice(0, 255),
          fileSha256: createHash('sha256').update(input.buffer).digest('hex'),
          content: input.buffer.toString('utf8'),
          columns: header,
          mapping,
          // Without a region in the form, the org's default (its settings) at the time of import.
          region:
            input.region?.toUpperCase() ??
            (await contactsRepo.defaultRegion(tx, ctx.orgId)) ??
            null,
          groupId: input.groupId ?? null,
          totalRows: rows.length,
          createdById: ctx.actor.id,
          createdByName: ctx.actor.name,
        });
        await auditInOrg(tx, ctx, {
          action: 'contact_import.started',
          targetType: 'contact_import',
          targetId: row.id,
          metadata: { fileName: row.fileName, rows: rows.length, sha256: row.fileSha256 },
        });
        await deps.queue.enqueue(job, { orgId: ctx.orgId, importId: row.id }, { tx });
        return toImport(row);
      });
    },

    /** The job: batches from where it stopped; a finished import is left alone (at-least-once). */
    async run({ orgId, importId }: z.infer<typeof importJobPayload>): Promise<void> {
      const ctx = createOrgContext(deps.db, {
        orgId,
        role: 'owner',
        actor: { type: 'system', id: null, name: 'Contact import' },
        userId: undefined,
        meta: { ip: null, userAgent: null, requestId: `job:contacts.import:${importId}` },
      });
      const imp = await load(ctx, importId).catch(() => undefined);
      if (!imp || imp.status === 'completed' || imp.status === 'failed' || imp.content === null)
        return;
      const { header, rows } = readCsv(Buffer.from(imp.content, 'utf8'));
      const parsed = toRows(header, rows);
      try {
        const readBatch = (start: number) => {
          const reading = readRows(
            parsed.slice(start, start + BATCH_SIZE),
            imp.mapping,
            imp.region ?? undefined,
          );
          reading.catch(() => {}); // awaited below; not unhandled if a batch before it fails
          return reading;
        };
        let next = readBatch(imp.processedRows);
        for (let start = imp.processedRows; start < parsed.length; start += BATCH_SIZE) {
          const read = await next;
          // Read the next batch while this one is in the database.
          if (start + BATCH_SIZE < parsed.length) next = readBatch(start + BATCH_SIZE);
          await ctx.run(async (tx) => {
            await importBatch(tx, ctx, { importId, read, groupId: imp.groupId });
            const counts = await importsRepo.rowCounts(tx, orgId, importId);
            const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
            await importsRepo.setProgress(tx, orgId, importId, {
              processedRows: start + read.length,
              created: n('created'),
              updated: n('updated'),
              conflicts: n('conflict'),
              invalid: n('invalid'),
            });
          });
        }
        await ctx.run(async (tx) => {
          const done = await importsRepo.complete(tx, orgId, importId, parsed.length);
          await auditInOrg(tx, ctx, {
            action: 'contact_import.completed',
            targetType: 'contact_import',
            targetId: importId,
            metadata: {
              created: done.created,
              updated: done.updated,
              conflicts: done.conflicts,
              invalid: done.invalid,
            },
          });
        });
      } catch (err) {
        deps.logger?.error({ err, importId }, 'contact import failed');
        await ctx.run((tx) =>
          importsRepo.fail(
            tx,
            orgId,
            importId,
            'The import stopped unexpectedly. Rows up to the count shown were imported; upload the file again to finish (it will not create duplicates).',
          ),
        );
      }
    },

    get(ctx: OrgContext, id: string) {
      requireRole(ctx, 'viewer');
      return load(ctx, id).then(toImport);
    },

    list(ctx: OrgContext, query: PaginationQuery) {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await importsRepo.list(tx, ctx.orgId, page);
        const result = toPage(rows, page.limit, (r) => r.id);
        return { ...result, items: result.items.map(toImport) };
      });
    },

    async rows(ctx: OrgContext, id: string, query: ListImportRowsQuery) {
      requireRole(ctx, 'viewer');
      await load(ctx, id);
      const page = rowPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await importsRepo.rows(tx, ctx.orgId, id, query.status, page);
        const result = toPage(rows, page.limit, (r) => [r.rowNumber], encodeRowCursor);
        return {
          items: result.items.map((r) => ({
            rowNumber: r.rowNumber,
            status: r.status,
            contactId: r.contactId,
            reason: r.reason,
          })),
          nextCursor: result.nextCursor,
        };
      });
    },

    /** The refused rows as CSV: row number, status, reason, then the row's own cells. */
    async errorReport(ctx: OrgContext, id: string): Promise<{ fileName: string; csv: string }> {
      requireRole(ctx, 'viewer');
      const imp = await load(ctx, id);
      const rows = await ctx.run((tx) => importsRepo.refusedRows(tx, ctx.orgId, id));
      const columns = imp.columns;
      const csv = stringify([
        ['row', 'status', 'reason', ...columns],
        ...rows.map((r) => [
          String(r.rowNumber),
          r.status,
          r.reason ?? '',
          ...columns.map((c) => r.raw[c] ?? ''),
        ]),
      ]);
      return { fileName: `${imp.fileName.replace(/\.csv$/i, '')}-errors.csv`, csv };
    },
  };
  return service;
}

export type ContactImportsService = ReturnType<typeof createContactImportsService>;
