import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerMediaRoutes, registerSettingsRoutes } from './routes.js';
import type { SettingsService } from './service.js';

export {
  createSettingsService,
  loadOrgProfile,
  logoUrl,
  type OrgProfile,
  type SettingsService,
} from './service.js';
export { databaseLogoStore, type LogoStore } from './repo.js';

/** Org settings and logo (`/orgs/{orgId}/settings`, `/logo`) and the public logo files (`/media`). */
export const createSettingsModule = (deps: { db: Db; settings: SettingsService }) =>
  defineModule({
    name: 'settings',
    routes: {
      root: (app) => registerMediaRoutes(app, deps),
      org: async (app) => {
        await registerSettingsRoutes(app, deps);
      },
    },
  });
