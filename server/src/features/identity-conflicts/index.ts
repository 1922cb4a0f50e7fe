/**
 * Identity conflicts (refused identities, possible duplicates) and contact merges: what the app
 * wires, and the MergeParticipant hook through which later features' rows follow a merge.
 */
export { createMergeService, type MergeParticipant, type MergeService } from './merge.service.js';
export { registerContactMergeRoutes, registerIdentityConflictRoutes } from './routes.js';
export { createConflictsService, type ConflictsService } from './service.js';
