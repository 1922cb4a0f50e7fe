import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { and, asc, count, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { contactGroups, contactImportRows, contactImports } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../platform/jobs/registry.js';
import {
  decodeIdCursor,
  toPage,
  UUID_RE,
  type PaginationQuery,
} from '../../platform/pagination.js';
import { createOrgContext, requireRole, type OrgContext } from '../../platform/tenancy.js';
import { importBatch, readRows, type ParsedRow } from './import-processor.js';
import {
  IMPORT_MAX_ROWS,
  ImportMapping,
  type ContactImport,
  type ListImportRowsQuery,
} from './imports.schemas.js';

export const BATCH_SIZE = 1000;
export const importJobPayload = z.object({ orgId: z.uuid(), importId: z.uuid() });

const invalidFile = (detail: string) => new AppError('invalid_import_file', detail);

/** Checks the bytes, not the name: UTF-8 text without NULs, that parses as CSV with a header. */
export function readCsv(buffer: Buffer): { header: string[]; rows: string[][] } {
  const magic = buffer.subarray(0, 4).toString('latin1');
  if (magic.startsWith('PK') || magic.startsWith('%PDF') || buffer.includes(0)) {
    throw invalidFile(
      'This is not a CSV file (it looks binary, e.g. a spreadsheet). Export it as CSV first.',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw invalidFile('The file is not UTF-8 text. Save the CSV as UTF-8 and upload it again.');
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    throw invalidFile(`The file is not valid CSV: ${(err as Error).message.slice(0, 200)}`);
  }
  const [header, ...rows] = records;
  if (!header?.length || header.every((h) => !h.trim()))
    throw invalidFile('The CSV has no header row.');
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new AppError(
      'import_too_large',
      `The file has ${rows.length} rows; at most ${IMPORT_MAX_ROWS} rows can be imported at once. Split it into smaller files.`,
    );
  }
  return { header: header.map((h) => h.trim()), rows };
}

const AUTO: Record<string, string> = {
  name: 'name',
  'full name': 'name',
  fullname: 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  phone: 'phone',
  mobile: 'phone',
  sms: 'phone',
  telephone: 'phone',
  'phone number': 'phone',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
  instagram: 'instagram',
};

/** Header → target: known names map to fields, anything else to an attribute of the same name. */
export function defaultMapping(header: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const column of header) {
    if (!column) continue;
    const known = AUTO[column.toLowerCase()];
    const attr = column.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64);
    if (known) mapping[column] = known;
    else if (attr.replace(/_/g, '')) mapping[column] = `attributes.${attr}`;
  }
  return mapping;
}

function toRows(header: string[], rows: string[][]): ParsedRow[] {
  // Row numbers as a spreadsheet shows them: the header is row 1.
  return rows.map((cells, i) => ({
    rowNumber: i + 2,
    raw: Object.fromEntries(header.map((h, n) => [h, cells[n] ?? ''])),
  }));
}

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
    const row = await ctx.run(async (tx) => {
      const [r] = await tx
        .select()
        .from(contactImports)
        .where(and(eq(contactImports.orgId, ctx.orgId), eq(contactImports.id, id)));
      return r;
    });
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
          const [g] = UUID_RE.test(input.groupId)
            ? await tx
                .select({ id: contactGroups.id })
                .from(contactGroups)
                .where(and(eq(contactGroups.orgId, ctx.orgId), eq(contactGroups.id, input.groupId)))
            : [];
          if (!g) throw notFound('Group');
        }
        const [row] = await tx
          .insert(contactImports)
          .values({
            orgId: ctx.orgId,
            fileName: input.fileName.slice(0, 255),
            fileSha256: createHash('sha256').update(input.buffer).digest('hex'),
            content: input.buffer.toString('utf8'),
            columns: header,
            mapping,
            region: input.region?.toUpperCase() ?? null,
            groupId: input.groupId ?? null,
            totalRows: rows.length,
            createdById: ctx.actor.id,
            createdByName: ctx.actor.name,
          })
          .returning();
        await auditInOrg(tx, ctx, {
          action: 'contact_import.started',
          targetType: 'contact_import',
          targetId: row!.id,
          metadata: { fileName: row!.fileName, rows: rows.length, sha256: row!.fileSha256 },
        });
        await deps.queue.enqueue(job, { orgId: ctx.orgId, importId: row!.id }, { tx });
        return toImport(row!);
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
      const where = and(eq(contactImports.orgId, orgId), eq(contactImports.id, importId));
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
            const counts = await tx
              .select({ status: contactImportRows.status, n: count() })
              .from(contactImportRows)
              .where(
                and(eq(contactImportRows.orgId, orgId), eq(contactImportRows.importId, importId)),
              )
              .groupBy(contactImportRows.status);
            const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
            await tx
              .update(contactImports)
              .set({
                status: 'running',
                processedRows: start + read.length,
                created: n('created'),
                updated: n('updated'),
                conflicts: n('conflict'),
                invalid: n('invalid'),
              })
              .where(where);
          });
        }
        await ctx.run(async (tx) => {
          const [done] = await tx
            .update(contactImports)
            .set({
              status: 'completed',
              content: null,
              finishedAt: new Date(),
              processedRows: parsed.length,
            })
            .where(where)
            .returning();
          await auditInOrg(tx, ctx, {
            action: 'contact_import.completed',
            targetType: 'contact_import',
            targetId: importId,
            metadata: {
              created: done!.created,
              updated: done!.updated,
              conflicts: done!.conflicts,
              invalid: done!.invalid,
            },
          });
        });
      } catch (err) {
        deps.logger?.error({ err, importId }, 'contact import failed');
        await ctx.run((tx) =>
          tx
            .update(contactImports)
            .set({
              status: 'failed',
              content: null,
              finishedAt: new Date(),
              error:
                'The import stopped unexpectedly. Rows up to the count shown were imported; upload the file again to finish (it will not create duplicates).',
            })
            .where(where),
        );
      }
    },

    get(ctx: OrgContext, id: string) {
      requireRole(ctx, 'viewer');
      return load(ctx, id).then(toImport);
    },

    list(ctx: OrgContext, query: PaginationQuery) {
      requireRole(ctx, 'viewer');
      const afterId = decodeIdCursor(query.cursor);
      return ctx.run(async (tx) => {
        const rows = await tx
          .select()
          .from(contactImports)
          .where(
            and(
              eq(contactImports.orgId, ctx.orgId),
              afterId ? lt(contactImports.id, afterId) : undefined,
            ),
          )
          .orderBy(desc(contactImports.id))
          .limit(query.limit + 1);
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map(toImport) };
      });
    },

    async rows(ctx: OrgContext, id: string, query: ListImportRowsQuery) {
      requireRole(ctx, 'viewer');
      await load(ctx, id);
      const after = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) : 0;
      if (!Number.isInteger(after))
        throw new AppError('invalid_cursor', 'The cursor is not valid. Start again without one.');
      return ctx.run(async (tx) => {
        const rows = await tx
          .select()
          .from(contactImportRows)
          .where(
            and(
              eq(contactImportRows.orgId, ctx.orgId),
              eq(contactImportRows.importId, id),
              query.status ? eq(contactImportRows.status, query.status) : undefined,
              gt(contactImportRows.rowNumber, after),
            ),
          )
          .orderBy(asc(contactImportRows.rowNumber))
          .limit(query.limit + 1);
        const hasMore = rows.length > query.limit;
        const items = rows.slice(0, query.limit);
        return {
          items: items.map((r) => ({
            rowNumber: r.rowNumber,
            status: r.status,
            contactId: r.contactId,
            reason: r.reason,
          })),
          nextCursor: hasMore
            ? Buffer.from(String(items.at(-1)!.rowNumber)).toString('base64url')
            : null,
        };
      });
    },

    /** The refused rows as CSV: row number, status, reason, then the row's own cells. */
    async errorReport(ctx: OrgContext, id: string): Promise<{ fileName: string; csv: string }> {
      requireRole(ctx, 'viewer');
      const imp = await load(ctx, id);
      const rows = await ctx.run((tx) =>
        tx
          .select()
          .from(contactImportRows)
          .where(
            and(
              eq(contactImportRows.orgId, ctx.orgId),
              eq(contactImportRows.importId, id),
              sql`${contactImportRows.status} in ('invalid', 'conflict')`,
            ),
          )
          .orderBy(asc(contactImportRows.rowNumber)),
      );
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
