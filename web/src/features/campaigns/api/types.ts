import type { components, paths } from '@/lib/api/schema.gen';

/** A campaign as every campaign route answers it: with its per-status message counts. */
export type Campaign = components['schemas']['CampaignWithStats'];
export type CampaignStatus = Campaign['status'];
export type CampaignStats = components['schemas']['CampaignStats'];
export type CampaignAudience = components['schemas']['CampaignAudience'];
export type AudiencePreview = components['schemas']['AudiencePreview'];
export type CampaignInput =
  paths['/api/v1/orgs/{orgId}/campaigns']['post']['requestBody']['content']['application/json'];
/** Narrows the chosen groups and contacts: by name, and by having an identity on a channel. */
export type AudienceFilter = NonNullable<CampaignAudience['filter']>;
export type IdentityChannel = NonNullable<AudienceFilter['channel']>;
