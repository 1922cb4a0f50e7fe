/**
 * What other features use from templates: a live template and its pinned versions, read inside
 * the caller's transaction, and the send-time render.
 */
import type { Db, Executor } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { templatesRepo } from './repo.js';
import { registerTemplateRoutes } from './routes.js';
import type { TemplatesService } from './service.js';

export type { TemplateOrg, TemplateVersionContent } from './render.js';
export { createTemplateRenderer, type RendererOptions, type TemplateRenderer } from './renderer.js';
export { createTemplatesService, type OrgForTemplates, type TemplatesService } from './service.js';

/** A template of this org that has not been deleted; undefined otherwise. */
export const findTemplate = (db: Executor, orgId: string, id: string) =>
  templatesRepo.get(db, orgId, id);

/** One version of a template, by its number. */
export const findTemplateVersion = (
  db: Executor,
  orgId: string,
  templateId: string,
  version: number,
) => templatesRepo.version(db, orgId, templateId, version);

/** A version by its id, with its template's channel (a deleted template's versions included). */
export const findTemplateVersionById = (db: Executor, orgId: string, versionId: string) =>
  templatesRepo.versionById(db, orgId, versionId);

export const createTemplatesModule = (deps: { db: Db; templates: TemplatesService }) =>
  defineModule({ name: 'templates', routes: { org: (app) => registerTemplateRoutes(app, deps) } });
