import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/client.js';
import type { MessageChannel } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { decodeIdCursor, toPage, UUID_RE } from '../../platform/pagination.js';
import { requireRole, withTransaction, type OrgContext } from '../../platform/tenancy.js';
import type { IntegrationsService } from '../integrations/index.js';
import {
  checkChannel,
  checkUsable,
  channelsOf,
  identityChannelOf,
  insertEvents,
} from '../message-log/index.js';
import { findTemplate, findTemplateVersion } from '../templates/index.js';
import { campaignCompleted } from './events.js';
import { snapshotAudience } from './launch.js';
import {
  audienceRepo,
  campaignsRepo,
  campaignStats,
  completeFinishedCampaigns,
  type CampaignRow,
} from './repo.js';
import type {
  Audience,
  AudiencePreview,
  AudiencePreviewBody,
  Campaign,
  CampaignListQuery,
  CampaignStats,
  CampaignWithStats,
  CreateCampaignBody,
  UpdateCampaignBody,
} from './schemas.js';

type CampaignStatus = CampaignRow['status'];

export interface CampaignsDeps {
  integrations: Pick<IntegrationsService, 'resolve'>;
  /** Wakes the sender of an integration (enqueues its dispatcher in this transaction). */
  wake(tx: Tx, orgId: string, integrationId: string): Promise<void>;
}

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  name: row.name,
  templateId: row.templateId,
  templateVersionId: row.templateVersionId,
  integrationId: row.integrationId,
  channel: row.channel,
  audience: {
    groupIds: row.audience.groupIds,
    contactIds: row.audience.contactIds,
    ...(row.audience.filter && {
      filter: Object.fromEntries(
        Object.entries(row.audience.filter).filter(([, v]) => v !== undefined),
      ),
    }),
  },
  variables: row.variables,
  status: row.status,
  scheduledAt: isoOrNull(row.scheduledAt),
  rateLimitPerSecond: row.rateLimitPerSecond,
  launchedAt: isoOrNull(row.launchedAt),
  completedAt: isoOrNull(row.completedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const invalidTransition = (row: CampaignRow, action: string) =>
  new AppError('campaign_invalid_transition', `A ${row.status} campaign cannot be ${action}.`, {
    extra: { campaignStatus: row.status, action },
  });

export function createCampaignsService(deps: CampaignsDeps) {
  async function load(tx: Tx, ctx: OrgContext, id: string, forUpdate = false) {
    if (!UUID_RE.test(id)) throw notFound('Campaign');
    const row = await campaignsRepo.get(tx, ctx.orgId, id, forUpdate);
    if (!row) throw notFound('Campaign');
    return row;
  }

  async function withStats(tx: Tx, orgId: string, row: CampaignRow): Promise<CampaignWithStats> {
    const stats = (await campaignStats(tx, orgId, [row.id])).get(row.id)!;
    return { ...toCampaign(row), stats };
  }

  /** The template (live) and integration of a campaign body, checked against each other. */
  async function resolveRefs(tx: Tx, ctx: OrgContext, templateId: string, integrationId: string) {
    const template = await findTemplate(tx, ctx.orgId, templateId);
    if (!template) throw notFound('Template');
    const integration = await deps.integrations.resolve(withTransaction(ctx, tx), integrationId);
    checkChannel(integration, template.channel);
    return { template, integration };
  }

  async function transition(
    ctx: OrgContext,
    id: string,
    action: 'paused' | 'resumed' | 'cancelled',
    from: CampaignStatus[],
    to: (row: CampaignRow) => CampaignStatus,
  ): Promise<CampaignWithStats> {
    requireRole(ctx, 'member');
    return ctx.run(async (tx) => {
      const row = await load(tx, ctx, id, true);
      if (!from.includes(row.status)) throw invalidTransition(row, action);
      const status = to(row);
      const updated = await campaignsRepo.update(tx, row.id, {
        status,
        ...(status === 'cancelled' && { completedAt: new Date() }),
      });
      if (status === 'cancelled') {
        const cancelled = await campaignsRepo.cancelQueued(tx, row.id);
        await insertEvents(
          tx,
          cancelled.map((m) => ({
            orgId: ctx.orgId,
            messageId: m.id,
            kind: 'action',
            status: 'cancelled',
            source: 'user',
            detail: { action: 'campaign_cancelled', by: ctx.actor.name },
          })),
        );
      }
      if (status === 'running') await deps.wake(tx, ctx.orgId, row.integrationId);
      await auditInOrg(tx, ctx, {
        action: `campaign.${action}`,
        targetType: 'campaign',
        targetId: row.id,
        metadata: { name: row.name, from: row.status, to: status },
      });
      return withStats(tx, ctx.orgId, updated);
    });
  }

  /**
   * Every group and contact the audience names must be this org's: another org's ids (or ids of
   * nothing) are refused with the offending ids, never saved.
   */
  async function checkAudience(tx: Tx, orgId: string, audience: Audience) {
    const foreign = await audienceRepo.foreignIds(tx, orgId, audience);
    const errors = [
      ...foreign.groupIds.map((id) => ({
        path: `audience.groupIds.${audience.groupIds.indexOf(id)}`,
        message: `${id} is not a group of this organization`,
      })),
      ...foreign.contactIds.map((id) => ({
        path: `audience.contactIds.${audience.contactIds.indexOf(id)}`,
        message: `${id} is not a contact of this organization`,
      })),
    ];
    if (errors.length) {
      throw new AppError(
        'audience_not_in_org',
        'The audience names groups or contacts that are not in this organization.',
        { errors },
      );
    }
  }

  return {
    async create(ctx: OrgContext, body: CreateCampaignBody): Promise<CampaignWithStats> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const { template } = await resolveRefs(tx, ctx, body.templateId, body.integrationId);
        await checkAudience(tx, ctx.orgId, body.audience);
        const row = await campaignsRepo.insert(tx, {
          id: uuidv7(),
          orgId: ctx.orgId,
          name: body.name,
          templateId: body.templateId,
          integrationId: body.integrationId,
          channel: template.channel,
          audience: body.audience,
          variables: body.variables ?? {},
          scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
          rateLimitPerSecond: body.rateLimitPerSecond ?? null,
          createdBy: ctx.userId ?? null,
        });
        await auditInOrg(tx, ctx, {
          action: 'campaign.created',
          targetType: 'campaign',
          targetId: row.id,
          metadata: { name: body.name },
        });
        return withStats(tx, ctx.orgId, row);
      });
    },

    list(ctx: OrgContext, query: CampaignListQuery) {
      requireRole(ctx, 'viewer');
      const beforeId = decodeIdCursor(query.cursor);
      return ctx.run(async (tx) => {
        const rows = await campaignsRepo.list(tx, ctx.orgId, {
          status: query.status,
          beforeId,
          limit: query.limit,
        });
        const page = toPage(rows, query.limit, (r) => r.id);
        const stats = await campaignStats(
          tx,
          ctx.orgId,
          page.items.map((r) => r.id),
        );
        return {
          items: page.items.map((r) => ({ ...toCampaign(r), stats: stats.get(r.id)! })),
          nextCursor: page.nextCursor,
        };
      });
    },

    get(ctx: OrgContext, id: string): Promise<CampaignWithStats> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => withStats(tx, ctx.orgId, await load(tx, ctx, id)));
    },

    stats(ctx: OrgContext, id: string): Promise<CampaignStats> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => (await withStats(tx, ctx.orgId, await load(tx, ctx, id))).stats);
    },

    async update(
      ctx: OrgContext,
      id: string,
      body: UpdateCampaignBody,
    ): Promise<CampaignWithStats> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await load(tx, ctx, id, true);
        const draft = row.status === 'draft';
        const changed = Object.keys(body).filter(
          (k) => body[k as keyof UpdateCampaignBody] !== undefined,
        );
        const laterAllowed = new Set(['name', 'rateLimitPerSecond']);
        const refused = changed.filter((k) => !laterAllowed.has(k));
        if (
          !draft &&
          (refused.length || row.status === 'completed' || row.status === 'cancelled')
        ) {
          throw new AppError(
            'campaign_not_editable',
            row.status === 'completed' || row.status === 'cancelled'
              ? `A ${row.status} campaign can no longer be changed.`
              : `Once launched, only the name and the rate of a campaign can change (not ${refused.join(', ')}).`,
            { errors: refused.map((k) => ({ path: k, message: 'cannot change after launch' })) },
          );
        }
        let channel: MessageChannel = row.channel;
        if (body.templateId || body.integrationId) {
          const refs = await resolveRefs(
            tx,
            ctx,
            body.templateId ?? row.templateId,
            body.integrationId ?? row.integrationId,
          );
          channel = refs.template.channel;
        }
        if (body.audience !== undefined) await checkAudience(tx, ctx.orgId, body.audience);
        const updated = await campaignsRepo.update(tx, row.id, {
          ...(body.name !== undefined && { name: body.name }),
          ...(body.templateId !== undefined && { templateId: body.templateId }),
          ...(body.integrationId !== undefined && { integrationId: body.integrationId }),
          channel,
          ...(body.audience !== undefined && { audience: body.audience }),
          ...(body.variables !== undefined && { variables: body.variables }),
          ...(body.scheduledAt !== undefined && {
            scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
          }),
          ...(body.rateLimitPerSecond !== undefined && {
            rateLimitPerSecond: body.rateLimitPerSecond,
          }),
        });
        await auditInOrg(tx, ctx, {
          action: 'campaign.updated',
          targetType: 'campaign',
          targetId: row.id,
          metadata: { fields: changed },
        });
        return withStats(tx, ctx.orgId, updated);
      });
    },

    async preview(ctx: OrgContext, body: AudiencePreviewBody): Promise<AudiencePreview> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => {
        const integration = await deps.integrations.resolve(
          withTransaction(ctx, tx),
          body.integrationId,
        );
        let channel = channelsOf(integration.provider, integration.settings)[0]!;
        if (body.templateId) {
          const template = await findTemplate(tx, ctx.orgId, body.templateId);
          if (!template) throw notFound('Template');
          checkChannel(integration, template.channel);
          channel = template.channel;
        }
        return audienceRepo.preview(tx, ctx.orgId, body.audience, identityChannelOf(channel));
      });
    },

    /**
     * Pins the template's current version and snapshots the audience: one message per contact
     * (queued, suppressed, or skipped without an identity on the channel), in one transaction.
     * Launching an already launched campaign changes nothing and answers the campaign as it is.
     */
    async launch(ctx: OrgContext, id: string): Promise<CampaignWithStats> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await load(tx, ctx, id, true);
        if (row.launchedAt) return withStats(tx, ctx.orgId, row);
        if (row.status !== 'draft') throw invalidTransition(row, 'launched');
        const { template, integration } = await resolveRefs(
          tx,
          ctx,
          row.templateId,
          row.integrationId,
        );
        checkUsable(integration);
        const version = await findTemplateVersion(
          tx,
          ctx.orgId,
          template.id,
          template.latestVersion,
        );
        if (!version) throw notFound('Template version');
        const { recipients, at: now } = await snapshotAudience(tx, ctx.orgId, row, {
          template,
          versionId: version.id,
        });
        const scheduled = row.scheduledAt && row.scheduledAt > now;
        const updated = await campaignsRepo.update(tx, row.id, {
          status: scheduled ? 'scheduled' : 'running',
          templateVersionId: version.id,
          launchedAt: now,
        });
        await auditInOrg(tx, ctx, {
          action: 'campaign.launched',
          targetType: 'campaign',
          targetId: row.id,
          metadata: {
            name: row.name,
            recipients,
            templateVersion: version.version,
            ...(scheduled && { scheduledAt: row.scheduledAt!.toISOString() }),
          },
        });
        let final = updated;
        if (!scheduled) {
          const done = await completeFinishedCampaigns(tx, [row.id]);
          if (done.length) {
            await emitEvent(tx, campaignCompleted, ctx.orgId, { campaignId: row.id });
            final = await load(tx, ctx, row.id);
          } else {
            await deps.wake(tx, ctx.orgId, row.integrationId);
          }
        }
        return withStats(tx, ctx.orgId, final);
      });
    },

    /**
     * Deletes a draft that never sent anything. Anything launched keeps its record (cancel it
     * instead): its messages and their history belong to the contacts' conversations.
     */
    async remove(ctx: OrgContext, id: string): Promise<void> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        // Locked, so a launch running at the same moment either finishes first or waits.
        const row = await load(tx, ctx, id, true);
        const message =
          row.status === 'draft' && !row.launchedAt
            ? await campaignsRepo.hasMessages(tx, ctx.orgId, row.id)
            : false;
        if (row.status !== 'draft' || row.launchedAt || message) {
          throw new AppError(
            'campaign_not_draft',
            row.status === 'draft'
              ? 'This campaign already has messages, so it cannot be deleted.'
              : `A ${row.status} campaign cannot be deleted; only a draft can.`,
            { extra: { campaignStatus: row.status } },
          );
        }
        await campaignsRepo.delete(tx, ctx.orgId, row.id);
        await auditInOrg(tx, ctx, {
          action: 'campaign.deleted',
          targetType: 'campaign',
          targetId: row.id,
          metadata: { name: row.name },
        });
      });
    },

    pause: (ctx: OrgContext, id: string) =>
      transition(ctx, id, 'paused', ['running', 'scheduled'], () => 'paused'),

    resume: (ctx: OrgContext, id: string) =>
      transition(ctx, id, 'resumed', ['paused'], (row) =>
        row.scheduledAt && row.scheduledAt > new Date() ? 'scheduled' : 'running',
      ),

    cancel: (ctx: OrgContext, id: string) =>
      transition(
        ctx,
        id,
        'cancelled',
        ['draft', 'scheduled', 'running', 'paused'],
        () => 'cancelled',
      ),
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
