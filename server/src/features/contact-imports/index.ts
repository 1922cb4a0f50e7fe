/** CSV imports of contacts: the upload and progress routes and the import job. */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerContactImportRoutes } from './routes.js';
import type { ContactImportsService } from './service.js';

export { createContactImportsService, type ContactImportsService } from './service.js';

export const createContactImportsModule = (deps: {
  db: Db;
  contactImports: ContactImportsService;
}) =>
  defineModule({
    name: 'contact-imports',
    routes: {
      org: async (app) => {
        await registerContactImportRoutes(app, deps);
      },
    },
    jobs: [deps.contactImports.job],
  });
