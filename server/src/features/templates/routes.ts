import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml } from '../../platform/http/html.js';
import {
  NoContent,
  ORG_ERRORS,
  problems,
  typed,
  passThrough,
} from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf, PaginationQuery } from '../../platform/pagination.js';
import {
  CreateTemplateBody,
  PreviewTemplateBody,
  Template,
  TemplateInvalidProblem,
  TemplateListQuery,
  TemplateParams,
  TemplatePreview,
  TemplateSummary,
  TemplateValidation,
  TemplateVersion,
  TemplateVersionParams,
  UpdateTemplateBody,
  ValidateTemplateBody,
} from './schemas.js';
import type { TemplatesService } from './service.js';

const tags = ['templates'];
const INVALID = { 422: TemplateInvalidProblem };
/** Template work goes through the bounded pool: a busy pool answers 429 `render_busy`. */
const BUSY = problems(429);

/**
 * What an email preview frame may do: show the email's own inline styles, images and fonts, and
 * nothing else — `sandbox` gives it an opaque origin with no scripts, forms or popups, and only
 * our own pages may frame it.
 */
export const PREVIEW_FRAME_CSP = [
  'sandbox',
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src https: data:',
  'font-src https: data:',
  "frame-ancestors 'self'",
].join('; ');

const HtmlText = z.string().describe('text/html');
const notice = (text: string) =>
  `<!doctype html><html><body style="font:14px system-ui,sans-serif;color:#666;margin:16px">${escapeHtml(text)}</body></html>`;

export function registerTemplateRoutes(
  app: FastifyInstance,
  deps: { db: Db; templates: TemplatesService },
) {
  const api = typed(app);
  const { templates } = deps;

  // The web app posts the draft as a form into a sandboxed iframe, which shows the rendered email
  // under PREVIEW_FRAME_CSP: the app's own policy would block the email's inline styles.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    typed(scope).post(
      '/templates/preview-frame',
      {
        schema: {
          tags,
          summary:
            'An email draft rendered with sample values, as an HTML page for a sandboxed preview frame (form field `draft`: the JSON body of /templates/validate)',
          consumes: ['application/x-www-form-urlencoded'],
          params: OrgParams,
          body: z.object({ draft: z.string() }),
          produces: ['text/html'],
          response: { 200: HtmlText, ...ORG_ERRORS },
        },
      },
      async (request, reply) => {
        const ctx = orgContext(request, deps.db, 'viewer');
        let html: string;
        let json: unknown;
        try {
          json = JSON.parse(request.body.draft);
        } catch {
          json = undefined;
        }
        const draft = ValidateTemplateBody.safeParse(json);
        if (!draft.success) html = notice('This draft could not be read.');
        else {
          const result = await templates.validate(ctx, draft.data).catch((err: unknown) => {
            if (err instanceof AppError && err.code === 'render_busy') return undefined;
            throw err;
          });
          const body = result?.valid ? result.preview?.body : undefined;
          if (!result)
            html = notice(
              'Previews are busy right now. Edit the template again in a moment to see it.',
            );
          else if (body === undefined)
            html = notice('Fix the errors in the template to see the preview.');
          else if (draft.data.channel === 'email') html = body;
          else html = `<!doctype html><pre style="white-space:pre-wrap">${escapeHtml(body)}</pre>`;
        }
        return reply
          .type('text/html; charset=utf-8')
          .header('Content-Security-Policy', PREVIEW_FRAME_CSP)
          .header('X-Frame-Options', 'SAMEORIGIN')
          .header('Cache-Control', 'no-store')
          .serializer(passThrough)
          .send(html);
      },
    );
  });

  api.post(
    '/templates/validate',
    {
      schema: {
        tags,
        summary: 'Validate a draft template without saving it; previews it with sample values',
        params: OrgParams,
        body: ValidateTemplateBody,
        response: { 200: TemplateValidation, ...ORG_ERRORS, ...problems(422), ...BUSY },
      },
    },
    (request) => templates.validate(orgContext(request, deps.db, 'viewer'), request.body),
  );

  api.post(
    '/templates',
    {
      schema: {
        tags,
        summary: 'Create a template (member); its content becomes version 1',
        params: OrgParams,
        body: CreateTemplateBody,
        response: { 201: Template, ...ORG_ERRORS, ...problems(409), ...INVALID, ...BUSY },
      },
    },
    async (request, reply) => {
      const created = await templates.create(orgContext(request, deps.db, 'member'), request.body);
      return reply.status(201).send(created);
    },
  );

  api.get(
    '/templates',
    {
      schema: {
        tags,
        summary: 'List templates, newest first',
        params: OrgParams,
        querystring: TemplateListQuery,
        response: { 200: pageOf(TemplateSummary), ...ORG_ERRORS },
      },
    },
    (request) => templates.list(orgContext(request, deps.db, 'viewer'), request.query),
  );

  api.get(
    '/templates/:templateId',
    {
      schema: {
        tags,
        summary: 'A template with its latest version',
        params: TemplateParams,
        response: { 200: Template, ...ORG_ERRORS },
      },
    },
    (request) => templates.get(orgContext(request, deps.db, 'viewer'), request.params.templateId),
  );

  api.patch(
    '/templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Rename a template or change its content (member); content changes add a version',
        params: TemplateParams,
        body: UpdateTemplateBody,
        response: { 200: Template, ...ORG_ERRORS, ...problems(409), ...INVALID, ...BUSY },
      },
    },
    (request) =>
      templates.update(
        orgContext(request, deps.db, 'member'),
        request.params.templateId,
        request.body,
      ),
  );

  api.delete(
    '/templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Delete a template (member); versions pinned by sends stay renderable',
        params: TemplateParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await templates.remove(orgContext(request, deps.db, 'member'), request.params.templateId);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/templates/:templateId/versions',
    {
      schema: {
        tags,
        summary: 'Version history, newest first',
        params: TemplateParams,
        querystring: PaginationQuery,
        response: { 200: pageOf(TemplateVersion), ...ORG_ERRORS },
      },
    },
    (request) =>
      templates.versions(
        orgContext(request, deps.db, 'viewer'),
        request.params.templateId,
        request.query,
      ),
  );

  api.post(
    '/templates/:templateId/versions/:versionId/restore',
    {
      schema: {
        tags,
        summary: 'Restore an old version (member): its content becomes a new latest version',
        params: TemplateVersionParams,
        response: { 200: Template, ...ORG_ERRORS, ...INVALID, ...BUSY },
      },
    },
    (request) =>
      templates.restore(
        orgContext(request, deps.db, 'member'),
        request.params.templateId,
        request.params.versionId,
      ),
  );

  api.post(
    '/templates/:templateId/preview',
    {
      schema: {
        tags,
        summary:
          'Render a saved version as a send would (missing required variables fail with template_missing_variable)',
        params: TemplateParams,
        body: PreviewTemplateBody,
        response: { 200: TemplatePreview, ...ORG_ERRORS, ...problems(422), ...BUSY },
      },
    },
    (request) =>
      templates.preview(
        orgContext(request, deps.db, 'viewer'),
        request.params.templateId,
        request.body,
      ),
  );
}
