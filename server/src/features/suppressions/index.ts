/**
 * The suppression ledger (opt-outs): what the app wires and what every send path asks. Functions
 * take the open tenant transaction, so callers compose them with their own writes.
 */
export { registerSuppressionRoutes } from './routes.js';
export type { Suppression } from './schemas.js';
export {
  checkSuppression,
  createSuppressionsService,
  liftStopKeyword,
  type SendDecision,
  type SendTarget,
  type SuppressionsService,
} from './service.js';
