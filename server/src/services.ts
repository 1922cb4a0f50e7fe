import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createApiKeysModule, createApiKeysService } from './features/api-keys/index.js';
import { createAuditLogModule, createAuditLogService } from './features/audit-log/index.js';
import { createAuthModule, createAuthService } from './features/auth/index.js';
import {
  createContactImportsModule,
  createContactImportsService,
} from './features/contact-imports/index.js';
import {
  createContactsModule,
  createContactsService,
  loadTemplateContact,
} from './features/contacts/index.js';
import { createGroupsModule, createGroupsService } from './features/groups/index.js';
import {
  createConflictsService,
  createIdentityConflictsModule,
  createMergeService,
} from './features/identity-conflicts/index.js';
import {
  createSuppressionsModule,
  createSuppressionsService,
} from './features/suppressions/index.js';
import { createHealthModule } from './features/health/index.js';
import { createProviderGateway } from './features/integrations/gateway.js';
import { createIntegrationsModule } from './features/integrations/module.js';
import { createIntegrationsService } from './features/integrations/service.js';
import {
  createInvitationsService,
  createMembersModule,
  createMembersService,
} from './features/members/index.js';
import { createCallbackProcessor, createStatusUpdater } from './features/messaging/callbacks.js';
import { registerCampaignRoutes } from './features/messaging/campaigns.routes.js';
import { createMessaging } from './features/messaging/index.js';
import { messagesMergeParticipant } from './features/messaging/log.repo.js';
import { registerMessageLogRoutes } from './features/messaging/log.routes.js';
import { createMessageLogService } from './features/messaging/log.service.js';
import { createStatusPolling } from './features/messaging/polling.js';
import { registerSendRoutes } from './features/messaging/send.routes.js';
import { createOrgsModule, createOrgsService } from './features/orgs/index.js';
import { createTemplatesModule } from './features/templates/module.js';
import { createTemplatesService } from './features/templates/service.js';
import {
  createUnsubscribeLinks,
  createUnsubscribeModule,
  createUnsubscribeService,
} from './features/unsubscribe/index.js';
import { createWebhooksModule, createWebhooksService } from './features/webhooks/index.js';
import { createLogger } from './logger.js';
import { sessionCookie } from './platform/auth/plugin.js';
import { createSessionStore } from './platform/auth/sessions.js';
import { KeyRing } from './platform/crypto/fernet.js';
import { createIdempotency } from './platform/idempotency.js';
import { createJobRunner, defineJob } from './platform/jobs/registry.js';
import { createMaintenanceModule } from './platform/maintenance.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { defineModule, type FeatureModule } from './platform/module.js';

/**
 * The composition root: every feature's services and its module, wired once in dependency order
 * and shared by the HTTP app and the workers. The job runner comes first: features that enqueue
 * are handed it as their queue, and it learns their jobs from the modules when it starts.
 */
export function createServices(
  config: Config,
  database: Database,
  opts: { logger?: Logger; metrics?: Metrics } = {},
) {
  const { db } = database;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = opts.metrics ?? createMetrics();
  const jobs = createJobRunner(database, logger);
  const secrets = new KeyRing(config.fernetKeys);
  const sessions = createSessionStore(db, config.sessionSecret);
  const idempotent = createIdempotency(secrets);
  const cookie = sessionCookie(config.secureCookies);

  const orgs = createOrgsService({ db });
  const invitations = createInvitationsService({ db, secrets, publicUrl: config.publicUrl });
  const auth = createAuthService({ db, sessions, invitations });
  const members = createMembersService();
  const apiKeys = createApiKeysService();
  const auditLog = createAuditLogService();
  const templates = createTemplatesService({
    contacts: {
      loadForTemplate: (ctx, contactId) =>
        ctx.run(async (tx) => (await loadTemplateContact(tx, ctx.orgId, contactId)) ?? null),
    },
  });

  const suppressions = createSuppressionsService();
  const contacts = createContactsService();
  const contactMerges = createMergeService({ participants: [messagesMergeParticipant] });
  const identityConflicts = createConflictsService({ merges: contactMerges });
  const contactGroups = createGroupsService();
  const contactImports = createContactImportsService({ db, queue: jobs });

  const statusUpdater = createStatusUpdater({ suppressions, logger });
  const webhooks = createWebhooksService({
    db,
    secrets,
    publicUrl: config.publicUrl,
    logger,
    processors: [createCallbackProcessor({ suppressions, logger })],
  });
  const integrations = createIntegrationsService({
    onChanged: (id) => webhooks.forget(id),
    callbackSilence: (orgId) => statusPolling.callbackSilence(orgId),
    secrets,
    gateway: createProviderGateway({ publicUrl: config.publicUrl, sandboxUrl: config.sandboxUrl }),
    publicUrl: config.publicUrl,
    sandboxEnabled: config.sandbox,
    logger,
  });
  const statusPolling = createStatusPolling({
    db,
    integrations,
    updater: statusUpdater,
    logger,
    options: { stuckAfterMs: config.statusPollAfterMinutes * 60_000 },
  });
  // SESSION_SECRET, not the Fernet ring: links must outlive key rotation (decision 014).
  const unsubscribeLinks = createUnsubscribeLinks({
    secret: config.sessionSecret,
    publicUrl: config.publicUrl,
  });
  const messaging = createMessaging({
    db,
    integrations,
    queue: jobs,
    logger,
    publicUrl: config.publicUrl,
    unsubscribeLinks,
  });
  const messageLog = createMessageLogService();
  const unsubscribe = createUnsubscribeService({ db, links: unsubscribeLinks, suppressions });

  /** In mount order: the order of the routes (and of the OpenAPI document). */
  const modules: FeatureModule[] = [
    createHealthModule({ database, metrics }),
    createWebhooksModule({ webhooks, queue: jobs, publicUrl: config.publicUrl, logger }),
    createUnsubscribeModule({ unsubscribe }),
    createAuthModule({ auth, cookie }),
    createOrgsModule({ db, orgs }),
    createMembersModule({ db, members, invitations, idempotent }),
    createApiKeysModule({ db, apiKeys, idempotent }),
    createAuditLogModule({ db, auditLog }),
    createTemplatesModule({ db, templates }),
    createIntegrationsModule({ db, integrations }),
    createContactsModule({ db, contacts }),
    createIdentityConflictsModule({ db, identityConflicts, contactMerges }),
    createGroupsModule({ db, contactGroups }),
    createSuppressionsModule({ db, suppressions }),
    createContactImportsModule({ db, contactImports }),
    defineModule({
      name: 'message-log',
      routes: { org: (app) => registerMessageLogRoutes(app, { db, messageLog }) },
    }),
    defineModule({
      name: 'sending',
      routes: {
        org: (app) => registerSendRoutes(app, { db, send: messaging.send, idempotent }),
      },
      jobs: [messaging.jobs.dispatch, messaging.jobs.sweep],
    }),
    defineModule({
      name: 'campaigns',
      routes: {
        org: (app) =>
          registerCampaignRoutes(app, { db, campaigns: messaging.campaigns, idempotent }),
      },
    }),
    defineModule({
      name: 'provider-callbacks',
      jobs: [
        defineJob({
          name: 'messages.poll-status',
          schema: z.object({}),
          retry: { limit: 3, delaySeconds: 30 },
          cron: '* * * * *',
          handler: async () => {
            await statusPolling.pollStuck();
          },
        }),
      ],
    }),
    createMaintenanceModule({ db, sessions }),
  ];

  return {
    db,
    logger,
    metrics,
    jobs,
    modules,
    cookie,
    secrets,
    sessions,
    idempotent,
    invitations,
    auth,
    orgs,
    members,
    apiKeys,
    auditLog,
    templates,
    integrations,
    webhooks,
    contacts,
    contactMerges,
    identityConflicts,
    contactGroups,
    suppressions,
    contactImports,
    messageLog,
    statusPolling,
    messaging,
    unsubscribeLinks,
    unsubscribe,
  };
}

export type Services = ReturnType<typeof createServices>;
