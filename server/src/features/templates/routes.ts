import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
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

export function registerTemplateRoutes(
  app: FastifyInstance,
  deps: { db: Db; templates: TemplatesService },
) {
  const api = typed(app);
  const { templates } = deps;

  api.post(
    '/templates/validate',
    {
      schema: {
        tags,
        summary: 'Validate a draft template without saving it; previews it with sample values',
        params: OrgParams,
        body: ValidateTemplateBody,
        response: { 200: TemplateValidation, ...ORG_ERRORS },
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
        response: { 201: Template, ...ORG_ERRORS, ...problems(409), ...INVALID },
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
        response: { 200: Template, ...ORG_ERRORS, ...problems(409), ...INVALID },
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
        response: { 200: Template, ...ORG_ERRORS, ...INVALID },
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
        response: { 200: TemplatePreview, ...ORG_ERRORS, ...problems(422) },
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
