import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import {
  AudiencePreview,
  AudiencePreviewBody,
  CampaignList,
  CampaignListQuery,
  CampaignParams,
  CampaignStats,
  CampaignWithStats,
  CreateCampaignBody,
  UpdateCampaignBody,
} from './schemas.js';
import type { CampaignsService } from './service.js';

export function registerCampaignRoutes(
  app: FastifyInstance,
  deps: { db: Db; campaigns: CampaignsService; idempotent: Idempotent },
) {
  const api = typed(app);
  const tags = ['campaigns'];
  api.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary:
          'Create a draft campaign (member). The template and the integration must share a channel.',
        params: OrgParams,
        body: CreateCampaignBody,
        response: { 201: CampaignWithStats, ...ORG_ERRORS, ...problems(422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      const result = await deps.idempotent(request, ctx, 201, (c) =>
        deps.campaigns.create(c, request.body),
      );
      return reply.status(201).send(result.body);
    },
  );
  api.get(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns, newest first, each with its per-status message counts',
        params: OrgParams,
        querystring: CampaignListQuery,
        response: { 200: CampaignList, ...ORG_ERRORS },
      },
    },
    (request) => deps.campaigns.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.post(
    '/campaigns/audience-preview',
    {
      schema: {
        tags,
        summary:
          'How many contacts an audience reaches on an integration (and template): total, ' +
          'sendable, suppressed and missing an identity on the channel',
        params: OrgParams,
        body: AudiencePreviewBody,
        response: { 200: AudiencePreview, ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) => deps.campaigns.preview(orgContext(request, deps.db, 'viewer'), request.body),
  );
  api.get(
    '/campaigns/:campaignId',
    {
      schema: {
        tags,
        summary: 'One campaign with its per-status message counts',
        params: CampaignParams,
        response: { 200: CampaignWithStats, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.campaigns.get(orgContext(request, deps.db, 'viewer'), request.params.campaignId),
  );
  api.patch(
    '/campaigns/:campaignId',
    {
      schema: {
        tags,
        summary:
          'Change a campaign (member): anything while a draft; after launch only the name and the rate',
        params: CampaignParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignWithStats, ...ORG_ERRORS, ...problems(409, 422) },
      },
    },
    (request) =>
      deps.campaigns.update(
        orgContext(request, deps.db, 'member'),
        request.params.campaignId,
        request.body,
      ),
  );
  api.delete(
    '/campaigns/:campaignId',
    {
      schema: {
        tags,
        summary:
          'Delete a draft campaign (member). A launched campaign, or one with messages, stays: ' +
          'cancel it instead (409 campaign_not_draft).',
        params: CampaignParams,
        response: { 204: NoContent, ...ORG_ERRORS, ...problems(409) },
      },
    },
    async (request, reply) => {
      await deps.campaigns.remove(
        orgContext(request, deps.db, 'member'),
        request.params.campaignId,
      );
      return reply.status(204).send(null);
    },
  );
  api.get(
    '/campaigns/:campaignId/stats',
    {
      schema: {
        tags,
        summary: "Per-status counts of the campaign's messages",
        params: CampaignParams,
        response: { 200: CampaignStats, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.campaigns.stats(orgContext(request, deps.db, 'viewer'), request.params.campaignId),
  );
  const actions = [
    [
      'launch',
      'Launch (member): pins the template version, snapshots the audience (one message per ' +
        'contact) and starts sending, or waits for `scheduledAt`. Launching again changes nothing.',
      (ctx, id) => deps.campaigns.launch(ctx, id),
    ],
    [
      'pause',
      'Pause a running or scheduled campaign (member)',
      (ctx, id) => deps.campaigns.pause(ctx, id),
    ],
    ['resume', 'Resume a paused campaign (member)', (ctx, id) => deps.campaigns.resume(ctx, id)],
    [
      'cancel',
      'Cancel a campaign (member): messages not yet sent are cancelled',
      (ctx, id) => deps.campaigns.cancel(ctx, id),
    ],
  ] as const satisfies readonly [
    string,
    string,
    (ctx: ReturnType<typeof orgContext>, id: string) => Promise<CampaignWithStats>,
  ][];
  for (const [action, summary, run] of actions) {
    api.post(
      `/campaigns/:campaignId/${action}`,
      {
        schema: {
          tags,
          summary,
          params: CampaignParams,
          response: { 200: CampaignWithStats, ...ORG_ERRORS, ...problems(409, 422) },
        },
      },
      async (request, reply) => {
        const ctx = orgContext(request, deps.db, 'member');
        const result = await deps.idempotent(request, ctx, 200, (c) =>
          run(c, request.params.campaignId),
        );
        if (result.replayed) reply.header('Idempotent-Replayed', 'true');
        return reply.status(200).send(result.body);
      },
    );
  }
}
