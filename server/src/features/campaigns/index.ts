/**
 * Campaigns: one template sent to an audience, launched as one message per recipient, and
 * completed once every message is decided (the sending pipeline reports back through
 * completeCampaigns; the sweep starts scheduled campaigns).
 */
import type { Db } from '../../db/client.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { defineModule } from '../../platform/module.js';
import { registerCampaignRoutes } from './routes.js';
import type { CampaignsService } from './service.js';

export { createCampaignsService, type CampaignsDeps, type CampaignsService } from './service.js';
export type { CampaignWithStats } from './schemas.js';
export { completeFinishedCampaigns } from './repo.js';
export {
  completeCampaigns,
  completeInTransaction,
  completeRunning,
  sweepCampaigns,
} from './completion.js';

export const createCampaignsModule = (deps: {
  db: Db;
  campaigns: CampaignsService;
  idempotent: Idempotent;
}) =>
  defineModule({ name: 'campaigns', routes: { org: (app) => registerCampaignRoutes(app, deps) } });
