/** Contact groups: what the app wires and what other features use. */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { groupsRepo } from './repo.js';
import { registerGroupRoutes } from './routes.js';
import type { GroupsService } from './service.js';

export { createGroupsService, type GroupsService } from './service.js';

/** Adds the org's contacts among `contactIds` to the group (existing members are kept). */
export const addGroupMembers = groupsRepo.addMembers;
export type { Group } from './schemas.js';

export const createGroupsModule = (deps: { db: Db; contactGroups: GroupsService }) =>
  defineModule({ name: 'groups', routes: { org: (app) => registerGroupRoutes(app, deps) } });
