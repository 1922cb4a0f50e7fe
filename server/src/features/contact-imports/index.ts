/** CSV imports of contacts: what the app wires (the service carries its job definition). */
export { registerContactImportRoutes } from './routes.js';
export { createContactImportsService, type ContactImportsService } from './service.js';
