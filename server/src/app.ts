import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { registerApiKeyRoutes } from './features/api-keys/routes.js';
import { registerAuditLogRoutes } from './features/audit-log/routes.js';
import { registerAuthRoutes } from './features/auth/routes.js';
import {
  registerGroupRoutes,
  registerSuppressionRoutes,
} from './features/contacts/groups.routes.js';
import { registerContactImportRoutes } from './features/contacts/imports.routes.js';
import { registerContactRoutes } from './features/contacts/routes.js';
import { registerHealthRoutes } from './features/health/routes.js';
import { registerIntegrationRoutes } from './features/integrations/routes.js';
import { registerInvitationLinkRoutes, registerMemberRoutes } from './features/members/routes.js';
import { registerMessageLogRoutes } from './features/message-log/index.js';
import { registerUnsubscribeRoutes } from './features/unsubscribe/routes.js';
import { registerWebhookRoutes } from './features/webhooks/routes.js';
import { processCallbacksJob } from './features/webhooks/jobs.js';
import type { JobQueue } from './platform/jobs/registry.js';
import {
  createContext as createSandboxContext,
  registerSandbox,
  type SandboxStore,
} from '../../sandbox/index.js';
import { registerOrgRoutes, registerOrgScopedRoutes } from './features/orgs/routes.js';
import { registerTemplateRoutes } from './features/templates/routes.js';
import { registerCampaignRoutes } from './features/campaigns/index.js';
import { registerSendRoutes } from './features/sending/index.js';
import { projectRoot } from './lib/paths.js';
import { registerAuth, registerOrgScope, sessionCookie } from './platform/auth/plugin.js';
import { AppError } from './platform/errors.js';
import { registerCspReports } from './platform/http/csp-report.js';
import { registerErrorHandling } from './platform/http/problem.js';
import { registerProblemDocs } from './platform/http/problem-docs.js';
import { registerOriginCheck, registerSecurityHeaders } from './platform/http/security.js';
import { registerWebApp, webDistDir } from './platform/http/web-app.js';
import { createMetrics, registerHttpMetrics, type Metrics } from './platform/metrics.js';
import { createServices, type Services } from './services.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  metrics?: Metrics;
  services?: Services;
  /** Where requests enqueue background work (absent in tests that run jobs by hand). */
  jobs?: JobQueue;
  /** Serve the built web app from web/dist (default: when it exists). */
  webDist?: string | false;
  /** Where the mounted sandbox keeps its registrations (default: memory, lost at close). */
  sandboxStore?: SandboxStore;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const services = deps.services ?? createServices(config, database.db);
  const cookie = sessionCookie(config.secureCookies);

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => uuidv7(),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  // JSON only: a text/plain body is refused (415) rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  registerErrorHandling(app, () => sendIndex, config.publicUrl);
  registerSecurityHeaders(app, { hsts: config.secureCookies });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
        {
          headers: { 'Retry-After': String(Math.ceil(context.ttl / 1000)) },
        },
      ),
  });
  registerHttpMetrics(app, metrics);
  registerOriginCheck(app, config.publicUrl);
  registerAuth(app, { db: database.db, sessions: services.sessions, cookie });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '1',
        description:
          'Errors are application/problem+json with a stable `code`. Machines authenticate with ' +
          '`Authorization: Bearer <api key>`; the web app uses a session cookie.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: cookie.name },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  registerProblemDocs(app);

  registerHealthRoutes(app, { database, metrics });
  registerCspReports(app);
  await registerWebhookRoutes(app, {
    webhooks: services.webhooks,
    publicUrl: config.publicUrl,
    afterStore:
      deps.jobs &&
      debounce(() => deps.jobs!.enqueue(processCallbacksJob(services), {}), deps.logger),
  });
  await registerUnsubscribeRoutes(app, { unsubscribe: services.unsubscribe });
  if (config.sandbox) {
    const sandbox = createSandboxContext({
      ...(deps.sandboxStore && { store: deps.sandboxStore }),
    });
    app.addHook('onClose', async () => sandbox.close());
    await app.register((scope) => registerSandbox(scope, sandbox), { prefix: '/sandbox' });
  }

  await app.register(
    async (api) => {
      registerAuthRoutes(api, { auth: services.auth, cookie });
      registerOrgRoutes(api, services);
      registerInvitationLinkRoutes(api, services);
      await api.register(
        async (org) => {
          registerOrgScope(org, database.db);
          registerOrgScopedRoutes(org, services);
          registerMemberRoutes(org, services);
          registerApiKeyRoutes(org, services);
          registerAuditLogRoutes(org, services);
          registerTemplateRoutes(org, services);
          registerIntegrationRoutes(org, services);
          registerContactRoutes(org, services);
          registerGroupRoutes(org, services);
          registerSuppressionRoutes(org, services);
          await registerContactImportRoutes(org, services);
          registerMessageLogRoutes(org, services);
          registerSendRoutes(org, { ...services, send: services.messaging.send });
          registerCampaignRoutes(org, { ...services, campaigns: services.messaging.campaigns });
        },
        { prefix: '/orgs/:orgId' },
      );
    },
    { prefix: '/api/v1' },
  );

  const webDist = deps.webDist ?? webDistDir(projectRoot());
  const sendIndex: ((reply: FastifyReply) => FastifyReply) | undefined = webDist
    ? await registerWebApp(app, webDist)
    : undefined;

  return app;
}

/** At most one enqueue per 200 ms per process: a burst of callbacks is one processing job. */
function debounce(enqueue: () => Promise<unknown>, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      enqueue().catch((err: unknown) =>
        logger.error({ err }, 'could not enqueue callback processing'),
      );
    }, 200);
  };
}
