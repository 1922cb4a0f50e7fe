/**
 * Campaigns: one template sent to an audience, launched as one message per recipient, and
 * completed once every message is decided (the sending pipeline reports back through
 * completeCampaigns; the sweep starts scheduled campaigns).
 */
export { registerCampaignRoutes } from './routes.js';
export { createCampaignsService, type CampaignsDeps, type CampaignsService } from './service.js';
export type { CampaignWithStats } from './schemas.js';
export { completeFinishedCampaigns } from './repo.js';
export { completeCampaigns, completeRunning, sweepCampaigns } from './completion.js';
