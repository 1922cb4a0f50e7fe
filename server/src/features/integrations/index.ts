/** What other features use from integrations, and the module the app mounts. */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerIntegrationRoutes } from './routes.js';
import type { IntegrationsService } from './service.js';

export { integrationCreated, integrationDeleted, integrationStatusChanged } from './events.js';
export { createProviderGateway, type ResolvedIntegration } from './gateway.js';
export { createIntegrationsService, type IntegrationsService } from './service.js';
export type { Integration } from './schemas.js';

export const createIntegrationsModule = (deps: { db: Db; integrations: IntegrationsService }) =>
  defineModule({
    name: 'integrations',
    routes: { org: (app) => registerIntegrationRoutes(app, deps) },
  });
