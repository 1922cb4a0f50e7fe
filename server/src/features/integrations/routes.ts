import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import {
  ConnectionTestResult,
  CreateIntegrationBody,
  Integration,
  IntegrationList,
  IntegrationParams,
  UpdateIntegrationBody,
} from './schemas.js';
import type { IntegrationsService } from './service.js';

export function registerIntegrationRoutes(
  app: FastifyInstance,
  deps: { db: Db; integrations: IntegrationsService },
) {
  const api = typed(app);
  const tags = ['integrations'];
  api.post(
    '/integrations',
    {
      schema: {
        tags,
        summary:
          'Connect a provider (admin). Credentials are encrypted and never returned; Telegram ' +
          'registers its webhook here (a failure leaves the integration `needs_attention`).',
        params: OrgParams,
        body: CreateIntegrationBody,
        response: { 201: Integration, ...ORG_ERRORS, ...problems(422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'admin');
      return reply.status(201).send(await deps.integrations.create(ctx, request.body));
    },
  );
  api.get(
    '/integrations',
    {
      schema: {
        tags,
        summary: "The organization's integrations, newest first, with webhook health",
        params: OrgParams,
        response: { 200: IntegrationList, ...ORG_ERRORS },
      },
    },
    (request) => deps.integrations.list(orgContext(request, deps.db, 'viewer')),
  );
  api.get(
    '/integrations/:integrationId',
    {
      schema: {
        tags,
        summary: 'One integration',
        params: IntegrationParams,
        response: { 200: Integration, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.integrations.get(orgContext(request, deps.db, 'viewer'), request.params.integrationId),
  );
  api.patch(
    '/integrations/:integrationId',
    {
      schema: {
        tags,
        summary: 'Change credentials, settings, verification mode or status (admin)',
        params: IntegrationParams,
        body: UpdateIntegrationBody,
        response: { 200: Integration, ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) =>
      deps.integrations.update(
        orgContext(request, deps.db, 'admin'),
        request.params.integrationId,
        request.body,
      ),
  );
  api.delete(
    '/integrations/:integrationId',
    {
      schema: {
        tags,
        summary: 'Delete an integration (admin); its callbacks are rejected from then on',
        params: IntegrationParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await deps.integrations.remove(
        orgContext(request, deps.db, 'admin'),
        request.params.integrationId,
      );
      return reply.status(204).send(null);
    },
  );
  api.post(
    '/integrations/:integrationId/register-webhook',
    {
      schema: {
        tags,
        summary:
          'Register the webhook with the provider again (admin), where Switchboard registers it ' +
          '(Telegram; sandbox SendGrid and Instagram). A failure leaves it `needs_attention`.',
        params: IntegrationParams,
        response: { 200: Integration, ...ORG_ERRORS, ...problems(409) },
      },
    },
    (request) =>
      deps.integrations.registerWebhook(
        orgContext(request, deps.db, 'admin'),
        request.params.integrationId,
      ),
  );
  api.post(
    '/integrations/:integrationId/test',
    {
      schema: {
        tags,
        summary:
          'Test the connection with a harmless provider call (admin). `message` is a safe sentence.',
        params: IntegrationParams,
        response: { 200: ConnectionTestResult, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.integrations.test(orgContext(request, deps.db, 'admin'), request.params.integrationId),
  );
}
