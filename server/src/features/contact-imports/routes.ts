import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { ORG_ERRORS, problems, typed, passThrough } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { PaginationQuery, pageOf } from '../../platform/pagination.js';
import {
  ContactImport,
  IMPORT_MAX_BYTES,
  ImportParams,
  ImportRow,
  ListImportRowsQuery,
} from './schemas.js';
import type { ContactImportsService } from './service.js';

const CsvText = z.string().describe('text/csv');

/** The multipart form: fields `mapping` (JSON), `region`, `groupId`, and one `file`. */
async function readForm(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Upload the CSV as multipart/form-data with a `file` field.',
    );
  }
  const fields: Record<string, string> = {};
  let file: { name: string; buffer: Buffer } | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 },
    })) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        file = { name: part.filename || 'contacts.csv', buffer };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') {
      throw new AppError(
        'import_too_large',
        `Upload one CSV file of at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
      );
    }
    if (code?.startsWith('FST_'))
      throw new AppError('validation_failed', 'The form could not be read.');
    throw err;
  }
  if (!file || file.buffer.length === 0) {
    throw new AppError('validation_failed', 'Attach a non-empty CSV file as `file`.', {
      errors: [{ path: 'file', message: 'is required' }],
    });
  }
  return { file, fields };
}

export function registerContactImportRoutes(
  app: FastifyInstance,
  deps: { db: Db; contactImports: ContactImportsService },
) {
  return app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES } });
    const api = typed(scope);
    const tags = ['contacts'];
    api.post(
      '/contacts/imports',
      {
        schema: {
          tags,
          summary:
            'Import contacts from a CSV (multipart: file, optional mapping JSON of column → name|email|phone|whatsapp|telegram|instagram|attributes.<key>, region, groupId). Runs as a job; poll the import for progress.',
          consumes: ['multipart/form-data'],
          params: OrgParams,
          response: { 202: ContactImport, ...ORG_ERRORS, ...problems(413, 415, 422) },
        },
      },
      async (request, reply) => {
        const ctx = orgContext(request, deps.db, 'member');
        const { file, fields } = await readForm(request);
        const started = await deps.contactImports.start(ctx, {
          fileName: file.name,
          buffer: file.buffer,
          ...(fields.mapping && { mapping: fields.mapping }),
          ...(fields.region && { region: fields.region }),
          ...(fields.groupId && { groupId: fields.groupId }),
        });
        return reply.status(202).send(started);
      },
    );
    api.get(
      '/contacts/imports',
      {
        schema: {
          tags,
          summary: 'Contact imports, newest first',
          params: OrgParams,
          querystring: PaginationQuery,
          response: { 200: pageOf(ContactImport), ...ORG_ERRORS },
        },
      },
      (request) => deps.contactImports.list(orgContext(request, deps.db, 'viewer'), request.query),
    );
    api.get(
      '/contacts/imports/:importId',
      {
        schema: {
          tags,
          summary: 'An import: state and counts (created, updated, conflicts, invalid)',
          params: ImportParams,
          response: { 200: ContactImport, ...ORG_ERRORS },
        },
      },
      (request) =>
        deps.contactImports.get(orgContext(request, deps.db, 'viewer'), request.params.importId),
    );
    api.get(
      '/contacts/imports/:importId/rows',
      {
        schema: {
          tags,
          summary: 'Per-row results of an import, by row number (the header is row 1)',
          params: ImportParams,
          querystring: ListImportRowsQuery,
          response: { 200: pageOf(ImportRow), ...ORG_ERRORS },
        },
      },
      (request) =>
        deps.contactImports.rows(
          orgContext(request, deps.db, 'viewer'),
          request.params.importId,
          request.query,
        ),
    );
    api.get(
      '/contacts/imports/:importId/errors.csv',
      {
        schema: {
          tags,
          summary: 'The rows that were not imported, with the reason, as CSV',
          params: ImportParams,
          produces: ['text/csv'],
          response: { 200: CsvText, ...ORG_ERRORS },
        },
      },
      async (request, reply) => {
        const ctx = orgContext(request, deps.db, 'viewer');
        const report = await deps.contactImports.errorReport(ctx, request.params.importId);
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'Content-Disposition',
            `attachment; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"`,
          )
          .serializer(passThrough)
          .send(report.csv);
      },
    );
  });
}
