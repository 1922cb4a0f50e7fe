import type { Db } from '../../db/client.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { defineModule } from '../../platform/module.js';
import { registerApiKeyRoutes } from './routes.js';
import type { ApiKeysService } from './service.js';

export { createApiKeysService, type ApiKeysService } from './service.js';

export const createApiKeysModule = (deps: {
  db: Db;
  apiKeys: ApiKeysService;
  idempotent: Idempotent;
}) => defineModule({ name: 'api-keys', routes: { org: (app) => registerApiKeyRoutes(app, deps) } });
