import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerOrgRoutes, registerOrgScopedRoutes } from './routes.js';
import type { OrgsService } from './service.js';

export { orgsRepo } from './repo.js';
export { createOrgsService, createOrgWithOwner, type OrgsService } from './service.js';
export { Org, RoleSchema } from './schemas.js';

/** Creating organizations (`/api/v1/orgs`) and reading or renaming one (`/orgs/{orgId}`). */
export const createOrgsModule = (deps: { db: Db; orgs: OrgsService }) =>
  defineModule({
    name: 'orgs',
    routes: {
      api: (app) => registerOrgRoutes(app, deps),
      org: (app) => registerOrgScopedRoutes(app, deps),
    },
  });
