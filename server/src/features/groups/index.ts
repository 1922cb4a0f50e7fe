/** Contact groups: what the app wires and what other features use. */
export { registerGroupRoutes } from './routes.js';
export { createGroupsService, type GroupsService } from './service.js';
export type { Group } from './schemas.js';
