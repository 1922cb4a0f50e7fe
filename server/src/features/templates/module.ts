import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerTemplateRoutes } from './routes.js';
import type { TemplatesService } from './service.js';

export const createTemplatesModule = (deps: { db: Db; templates: TemplatesService }) =>
  defineModule({ name: 'templates', routes: { org: (app) => registerTemplateRoutes(app, deps) } });
