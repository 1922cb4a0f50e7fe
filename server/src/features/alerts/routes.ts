import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import {
  Alert,
  AlertCommentBody,
  AlertCounts,
  AlertDetail,
  AlertPage,
  AlertParams,
  AlertRule,
  AlertRuleParams,
  CreateAlertRuleBody,
  ListAlertRulesQuery,
  ListAlertsQuery,
  SilenceAlertBody,
  UpdateAlertRuleBody,
} from './schemas.js';
import type { AlertsService } from './service.js';

/** Every route reads as a viewer; the service refuses writes below its role (`forbidden_role`). */
export function registerAlertRoutes(app: FastifyInstance, deps: { db: Db; alerts: AlertsService }) {
  const api = typed(app);
  const ctx = (request: Parameters<typeof orgContext>[0]) => orgContext(request, deps.db, 'viewer');
  const rules = deps.alerts.rules;
  const tags = ['alerts'];

  api.get(
    '/alert-rules',
    {
      schema: {
        tags,
        summary: 'List alert rules',
        params: OrgParams,
        querystring: ListAlertRulesQuery,
        response: { 200: pageOf(AlertRule), ...ORG_ERRORS },
      },
    },
    (request) => rules.list(ctx(request), request.query),
  );
  api.post(
    '/alert-rules',
    {
      schema: {
        tags,
        summary: 'Create an alert rule (admins)',
        params: OrgParams,
        body: CreateAlertRuleBody,
        response: { 201: AlertRule, ...ORG_ERRORS },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await rules.create(ctx(request), request.body)),
  );
  api.get(
    '/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Get an alert rule',
        params: AlertRuleParams,
        response: { 200: AlertRule, ...ORG_ERRORS },
      },
    },
    (request) => rules.get(ctx(request), request.params.ruleId),
  );
  api.patch(
    '/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Change, enable or disable an alert rule (admins)',
        params: AlertRuleParams,
        body: UpdateAlertRuleBody,
        response: { 200: AlertRule, ...ORG_ERRORS },
      },
    },
    (request) => rules.update(ctx(request), request.params.ruleId, request.body),
  );
  api.delete(
    '/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Delete an alert rule and its alerts (admins)',
        params: AlertRuleParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await rules.remove(ctx(request), request.params.ruleId);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'List alerts, newest first, with the count per status',
        params: OrgParams,
        querystring: ListAlertsQuery,
        response: { 200: AlertPage, ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) => deps.alerts.list(ctx(request), request.query),
  );
  api.get(
    '/alerts/counts',
    {
      schema: {
        tags,
        summary: 'Unresolved alerts: open, acknowledged and critical counts',
        params: OrgParams,
        response: { 200: AlertCounts, ...ORG_ERRORS },
      },
    },
    (request) => deps.alerts.counts(ctx(request)),
  );
  api.get(
    '/alerts/:alertId',
    {
      schema: {
        tags,
        summary: 'Get an alert with its timeline',
        params: AlertParams,
        response: { 200: AlertDetail, ...ORG_ERRORS },
      },
    },
    (request) => deps.alerts.get(ctx(request), request.params.alertId),
  );
  const action = (path: string, summary: string) => ({
    path: `/alerts/:alertId/${path}`,
    schema: {
      tags,
      summary,
      params: AlertParams,
      response: { 200: Alert, ...ORG_ERRORS, ...problems(409) },
    },
  });
  const ack = action('acknowledge', 'Acknowledge an open alert (idempotent)');
  api.post(ack.path, { schema: { ...ack.schema, body: AlertCommentBody } }, (request) =>
    deps.alerts.acknowledge(ctx(request), request.params.alertId, request.body.comment),
  );
  const resolve = action('resolve', 'Resolve an alert (idempotent)');
  api.post(resolve.path, { schema: { ...resolve.schema, body: AlertCommentBody } }, (request) =>
    deps.alerts.resolve(ctx(request), request.params.alertId, request.body.comment),
  );
  const silence = action(
    'silence',
    'Silence an alert until a time: no notifications, no reopening',
  );
  api.post(silence.path, { schema: { ...silence.schema, body: SilenceAlertBody } }, (request) =>
    deps.alerts.silence(
      ctx(request),
      request.params.alertId,
      request.body.until,
      request.body.comment,
    ),
  );
  const unsilence = action('unsilence', 'End an alert’s silence');
  api.post(unsilence.path, { schema: unsilence.schema }, (request) =>
    deps.alerts.unsilence(ctx(request), request.params.alertId),
  );
}
