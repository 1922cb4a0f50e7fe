import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { LOGO_CONTENT_TYPES } from '../../db/schema/index.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { LOGO_MAX_BYTES } from './logo.js';
import { LogoFileParams, OrgSettings, UpdateOrgSettingsBody } from './schemas.js';
import type { SettingsService } from './service.js';

interface Deps {
  db: Db;
  settings: SettingsService;
}

/**
 * The one file of a multipart upload, read while it streams: past LOGO_MAX_BYTES the read stops
 * with 413, so an oversized upload is never buffered whole. Its name and declared type are
 * ignored; the bytes decide (logo.ts).
 */
async function readLogoFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Upload the logo as multipart/form-data with one `file` field.',
    );
  }
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024 },
    })) {
      if (part.type === 'file') file = await part.toBuffer();
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('logo_too_large', 'The logo must be at most 1 MB.');
    }
    if (code === 'FST_FILES_LIMIT') {
      throw new AppError('validation_failed', 'Upload one file.', {
        errors: [{ path: 'file', message: 'only one file is accepted' }],
      });
    }
    if (code?.startsWith('FST_')) {
      throw new AppError('validation_failed', 'The form could not be read.');
    }
    throw err;
  }
  if (!file?.length) {
    throw new AppError('validation_failed', 'Attach the logo image as `file`.', {
      errors: [{ path: 'file', message: 'is required' }],
    });
  }
  return file;
}

export function registerSettingsRoutes(app: FastifyInstance, deps: Deps) {
  return app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: LOGO_MAX_BYTES } });
    const api = typed(scope);
    const tags = ['settings'];
    api.get(
      '/settings',
      {
        schema: {
          tags,
          summary: 'The organization’s profile and defaults',
          params: OrgParams,
          response: { 200: OrgSettings, ...ORG_ERRORS },
        },
      },
      (request) => deps.settings.get(orgContext(request, deps.db, 'viewer')),
    );
    api.patch(
      '/settings',
      {
        schema: {
          tags,
          summary:
            'Change the organization’s profile and defaults (admin; audited). Time zones are IANA names, regions ISO 3166-1 alpha-2.',
          params: OrgParams,
          body: UpdateOrgSettingsBody,
          response: { 200: OrgSettings, ...ORG_ERRORS, ...problems(422) },
        },
      },
      (request) => deps.settings.update(orgContext(request, deps.db, 'admin'), request.body),
    );
    api.put(
      '/logo',
      {
        schema: {
          tags,
          summary:
            'Upload the logo (admin; multipart, one `file`): PNG, JPEG, WebP or GIF by content, at most 1 MB, 32–2048 px on each side.',
          consumes: ['multipart/form-data'],
          params: OrgParams,
          response: { 200: OrgSettings, ...ORG_ERRORS, ...problems(413, 415, 422) },
        },
      },
      async (request) => {
        const ctx = orgContext(request, deps.db, 'admin');
        return deps.settings.putLogo(ctx, await readLogoFile(request));
      },
    );
    api.delete(
      '/logo',
      {
        schema: {
          tags,
          summary: 'Remove the logo (admin)',
          params: OrgParams,
          response: { 204: NoContent, ...ORG_ERRORS },
        },
      },
      async (request, reply) => {
        await deps.settings.removeLogo(orgContext(request, deps.db, 'admin'));
        return reply.status(204).send(null);
      },
    );
  });
}

const image = z.string().describe('the image bytes');

/** The public, content-addressed logo files: no session (the URL names the org and the hash). */
export function registerMediaRoutes(app: FastifyInstance, deps: Deps) {
  typed(app).get(
    '/media/logos/:orgId/:file',
    {
      schema: {
        tags: ['settings'],
        summary: 'An organization’s logo, at its content-addressed URL (`{sha256}.{ext}`)',
        params: LogoFileParams,
        security: [],
        response: {
          200: {
            description: 'The image, with the type detected at upload',
            content: Object.fromEntries(LOGO_CONTENT_TYPES.map((t) => [t, { schema: image }])),
          },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const logo = await deps.settings.logoFile(request.params.orgId, request.params.file);
      return (
        reply
          .type(logo.contentType)
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Disposition', 'inline')
          .header('Content-Security-Policy', "default-src 'none'")
          // Mail clients and other sites show it too (it is in emails as org.logo_url).
          .header('Cross-Origin-Resource-Policy', 'cross-origin')
          .header('Cache-Control', 'public, max-age=31536000, immutable')
          // A Buffer is sent as it is (Fastify serializes only objects); the type says string.
          .send(logo.data as unknown as string)
      );
    },
  );
}
