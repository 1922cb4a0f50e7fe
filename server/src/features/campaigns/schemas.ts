import { z } from 'zod';
import { CAMPAIGN_STATUSES } from '../../db/schema/index.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { CampaignStats, MessageChannelSchema } from '../message-log/index.js';

/** Request and response shapes of the campaign routes. */

export { CampaignStats };

export const CampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);

const Name = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const AudienceFilter = z.object({
  /** Only contacts whose name contains this text (case-insensitive). */
  query: z.string().trim().max(200).optional(),
  /** Only contacts with an identity on this identity channel (email, phone, …). */
  channel: z.enum(['email', 'phone', 'whatsapp', 'telegram', 'instagram']).optional(),
});

export const Audience = z
  .object({
    groupIds: z.array(z.uuid()).max(100).default([]),
    contactIds: z.array(z.uuid()).max(10_000).default([]),
    filter: AudienceFilter.optional(),
  })
  .meta({ id: 'CampaignAudience' });
export type Audience = z.infer<typeof Audience>;

const Variables = z.record(z.string().max(64), z.unknown());

export const CreateCampaignBody = z.object({
  name: Name,
  templateId: z.uuid(),
  integrationId: z.uuid(),
  audience: Audience,
  variables: Variables.optional(),
  scheduledAt: Timestamp.nullable().optional(),
  rateLimitPerSecond: z.number().int().min(1).max(10_000).nullable().optional(),
});
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

/** Drafts change freely; once launched only the name and the rate. */
export const UpdateCampaignBody = CreateCampaignBody.partial();
export type UpdateCampaignBody = z.infer<typeof UpdateCampaignBody>;

export const Campaign = z
  .object({
    id: z.uuid(),
    name: z.string(),
    templateId: z.uuid(),
    /** Pinned at launch; null while a draft. */
    templateVersionId: z.uuid().nullable(),
    integrationId: z.uuid(),
    channel: MessageChannelSchema,
    audience: Audience,
    variables: z.record(z.string(), z.unknown()),
    status: CampaignStatusSchema,
    scheduledAt: Timestamp.nullable(),
    rateLimitPerSecond: z.number().int().nullable(),
    launchedAt: Timestamp.nullable(),
    completedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof Campaign>;

export const CampaignWithStats = Campaign.extend({ stats: CampaignStats }).meta({
  id: 'CampaignWithStats',
});
export type CampaignWithStats = z.infer<typeof CampaignWithStats>;

export const CampaignList = z.object({
  items: z.array(CampaignWithStats),
  nextCursor: z.string().nullable(),
});

export const CampaignListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
  status: CampaignStatusSchema.optional(),
});
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;

export const CampaignParams = z.object({ orgId: z.string(), campaignId: z.string() });

export const AudiencePreviewBody = z.object({
  integrationId: z.uuid(),
  templateId: z.uuid().optional(),
  audience: Audience,
});
export type AudiencePreviewBody = z.infer<typeof AudiencePreviewBody>;

export const AudiencePreview = z
  .object({
    /** Distinct contacts in the groups and the list, after the filter. */
    total: z.number().int(),
    /** Would get a message now. */
    sendable: z.number().int(),
    /** Have an address on the channel, but opted out (or the whole contact did). */
    suppressed: z.number().int(),
    /** Have no identity on the integration's channel (SMS needs a phone identity). */
    missingIdentity: z.number().int(),
  })
  .meta({ id: 'AudiencePreview' });
export type AudiencePreview = z.infer<typeof AudiencePreview>;
