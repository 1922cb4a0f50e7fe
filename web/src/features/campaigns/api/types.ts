// Provisional: replaced by the generated types once the campaigns routes are in the OpenAPI document.
export type CampaignStatus =
  'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
export type CampaignStats = {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  bounced: number;
  suppressed: number;
  skipped: number;
  needs_review: number;
  cancelled: number;
};
export type CampaignAudience = {
  groupIds: string[];
  contactIds: string[];
  filter?: { query?: string; channel?: string };
};
export type Campaign = {
  id: string;
  name: string;
  templateId: string;
  templateVersionId: string | null;
  integrationId: string;
  channel: string;
  audience: CampaignAudience;
  variables: Record<string, unknown>;
  status: CampaignStatus;
  scheduledAt: string | null;
  rateLimitPerSecond: number | null;
  launchedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  stats: CampaignStats;
};
export type CampaignInput = {
  name: string;
  templateId: string;
  integrationId: string;
  audience: CampaignAudience;
  variables?: Record<string, unknown>;
  scheduledAt?: string | null;
  rateLimitPerSecond?: number | null;
};
export type AudiencePreview = {
  total: number;
  sendable: number;
  suppressed: number;
  missingIdentity: number;
};
