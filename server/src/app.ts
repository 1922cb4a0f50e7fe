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
import { projectRoot } from './lib/paths.js';
import { registerAuth, registerOrgScope } from './platform/auth/plugin.js';
import { AppError } from './platform/errors.js';
import { registerCspReports } from './platform/http/csp-report.js';
import { registerInputGuard } from './platform/http/input-guard.js';
import { frameworkErrorHandler, registerErrorHandling } from './platform/http/problem.js';
import { registerProblemDocs } from './platform/http/problem-docs.js';
import { registerOriginCheck, registerSecurityHeaders } from './platform/http/security.js';
import { registerWebApp, webDistDir } from './platform/http/web-app.js';
import { registerHttpMetrics } from './platform/metrics.js';
import type { FeatureModule, RouteRegistrar } from './platform/module.js';
import { createServices, type Services } from './services.js';
import type { SandboxStore } from '../../sandbox/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  services?: Services;
  /** Serve the built web app from web/dist (default: when it exists). */
  webDist?: string | false;
  /** Where the mounted sandbox keeps its registrations (default: memory, lost at close). */
  sandboxStore?: SandboxStore;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const services = deps.services ?? createServices(config, database, { logger: deps.logger });
  const { metrics, cookie, modules } = services;

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => uuidv7(),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler(config.publicUrl),
  });
  // Services built here are this app's to release; services passed in belong to the caller.
  if (!deps.services) app.addHook('onClose', () => services.close());
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

  registerCspReports(app);
  await mount(app, modules, 'root');
  if (config.sandbox) {
    // Loaded only when SANDBOX is on: a production server never loads the emulators.
    const { createContext, registerSandbox } = await import('../../sandbox/index.js');
    const sandbox = createContext({ ...(deps.sandboxStore && { store: deps.sandboxStore }) });
    app.addHook('onClose', async () => sandbox.close());
    const { registerSandboxMailbox } = await import('./platform/mail/mailbox.js');
    await app.register(
      async (scope) => {
        await registerSandbox(scope, sandbox);
        registerSandboxMailbox(scope, database.db);
      },
      { prefix: '/sandbox' },
    );
  }
  await app.register(
    async (api) => {
      registerInputGuard(api);
      await mount(api, modules, 'api');
      await api.register(
        async (org) => {
          registerOrgScope(org, database.db);
          await mount(org, modules, 'org');
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

/** Every module's routes of one scope, in module order. */
async function mount(
  app: FastifyInstance,
  modules: readonly FeatureModule[],
  scope: keyof NonNullable<FeatureModule['routes']>,
) {
  for (const m of modules) {
    const register: RouteRegistrar | undefined = m.routes?.[scope];
    if (register) await register(app);
  }
}
