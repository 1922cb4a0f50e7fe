/**
 * The suppression ledger (opt-outs): what the app wires and what every send path asks. Functions
 * take the open tenant transaction, so callers compose them with their own writes.
 */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerSuppressionRoutes } from './routes.js';
import type { SuppressionsService } from './service.js';

export type { Suppression } from './schemas.js';
export {
  checkSuppression,
  createSuppressionsService,
  liftStopKeyword,
  type SendDecision,
  type SendTarget,
  type SuppressionsService,
} from './service.js';

export const createSuppressionsModule = (deps: { db: Db; suppressions: SuppressionsService }) =>
  defineModule({
    name: 'suppressions',
    routes: { org: (app) => registerSuppressionRoutes(app, deps) },
  });
