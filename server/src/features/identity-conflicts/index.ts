/**
 * Identity conflicts (refused identities, possible duplicates) and contact merges: what the app
 * wires, and the MergeParticipant hook through which later features' rows follow a merge.
 */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import type { MergeService } from './merge.service.js';
import { registerContactMergeRoutes, registerIdentityConflictRoutes } from './routes.js';
import type { ConflictsService } from './service.js';

export { createMergeService, type MergeParticipant, type MergeService } from './merge.service.js';
export { createConflictsService, type ConflictsService } from './service.js';

export const createIdentityConflictsModule = (deps: {
  db: Db;
  identityConflicts: ConflictsService;
  contactMerges: MergeService;
}) =>
  defineModule({
    name: 'identity-conflicts',
    routes: {
      org: (app) => {
        registerContactMergeRoutes(app, deps);
        registerIdentityConflictRoutes(app, deps);
      },
    },
  });
