import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createApiKeysModule, createApiKeysService } from './features/api-keys/index.js';
import { createAuditLogModule, createAuditLogService } from './features/audit-log/index.js';
import {
  createAccountMailService,
  createAuthModule,
  createAuthService,
} from './features/auth/index.js';
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
import { createInstanceModule } from './features/instance/index.js';
import { createCampaignsModule } from './features/campaigns/index.js';
import {
  createIntegrationsModule,
  createIntegrationsService,
  createProviderGateway,
} from './features/integrations/index.js';
import {
  createInvitationsService,
  createMembersModule,
  createMembersService,
} from './features/members/index.js';
import {
  createMessageLogModule,
  createMessageLogService,
  messagesMergeParticipant,
} from './features/message-log/index.js';
import { createOrgsModule, createOrgsService } from './features/orgs/index.js';
import {
  callbackSilence,
  createCallbackProcessor,
  createProviderCallbacksModule,
  createStatusPolling,
  createStatusUpdater,
} from './features/provider-callbacks/index.js';
import { createSending, createSendingModule } from './features/sending/index.js';
import {
  createSettingsModule,
  createSettingsService,
  loadOrgProfile,
} from './features/settings/index.js';
import {
  createTemplateRenderer,
  createTemplatesModule,
  createTemplatesService,
} from './features/templates/index.js';
import {
  createUnsubscribeLinks,
  createUnsubscribeModule,
  createUnsubscribeService,
} from './features/unsubscribe/index.js';
import {
  createCallbackSpool,
  createWebhooksModule,
  createWebhooksService,
} from './features/webhooks/index.js';
import { createLogger } from './logger.js';
import { sessionCookie } from './platform/auth/plugin.js';
import { createSessionStore } from './platform/auth/sessions.js';
import { KeyRing } from './platform/crypto/fernet.js';
import { createIdempotency } from './platform/idempotency.js';
import { createJobRunner } from './platform/jobs/registry.js';
import { createMonitoringModule, createMonitoringService } from './features/monitoring/index.js';
import { createAlertsModule, createAlertsService } from './features/alerts/index.js';
import { createMaintenanceModule } from './platform/maintenance.js';
import {
  createMailTransport,
  createPlatformMail,
  type MailTransport,
} from './platform/mail/index.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import type { FeatureModule } from './platform/module.js';

/**
 * The composition root: every feature's services and its module, wired once in dependency order
 * and shared by the HTTP app and the workers. The job runner comes first: features that enqueue
 * are handed it as their queue, and it learns their jobs from the modules when it starts.
 */
export function createServices(
  config: Config,
  database: Database,
  opts: {
    logger?: Logger;
    metrics?: Metrics;
    /** Replaces the configured platform mail transport (tests). */
    mailTransport?: MailTransport;
  } = {},
) {
  const { db } = database;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = opts.metrics ?? createMetrics();
  const jobs = createJobRunner(database, logger);
  const secrets = new KeyRing(config.fernetKeys);
  const sessions = createSessionStore(db, config.sessionSecret);
  const idempotent = createIdempotency(secrets);
  const cookie = sessionCookie(config.secureCookies);
  const mail = createPlatformMail({
    transport: opts.mailTransport ?? createMailTransport(config.mail, db),
    from: config.mail.from,
    queue: jobs,
    secrets,
    logger,
  });

  const orgs = createOrgsService({ db });
  const settings = createSettingsService({ db, publicUrl: config.publicUrl });
  const invitations = createInvitationsService({
    db,
    secrets,
    publicUrl: config.publicUrl,
    mail,
  });
  const auth = createAuthService({ db, sessions, invitations, signupOpen: config.signupOpen });
  const accountMail = createAccountMailService({
    db,
    sessions,
    mail,
    queue: jobs,
    secrets,
    publicUrl: config.publicUrl,
  });
  const members = createMembersService();
  const apiKeys = createApiKeysService();
  const auditLog = createAuditLogService();
  // Template work runs in worker threads; whoever owns these services closes it (`close`).
  const renderer = createTemplateRenderer(config.templateRendering);
  const templates = createTemplatesService({
    renderer,
    orgs: {
      async forTemplates(tx, orgId) {
        const profile = await loadOrgProfile(tx, orgId, config.publicUrl);
        return {
          org: { name: profile?.name ?? '', logo_url: profile?.logoUrl ?? '' },
          maxSmsSegments: profile?.smsMaxSegments,
        };
      },
    },
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
  const callbackSpool = createCallbackSpool({ ...config.callbackSpool, logger });
  const webhooks = createWebhooksService({
    db,
    secrets,
    publicUrl: config.publicUrl,
    logger,
    processors: [createCallbackProcessor({ suppressions, logger })],
    spool: callbackSpool,
  });
  const stuckAfterMs = config.statusPollAfterMinutes * 60_000;
  const integrations = createIntegrationsService({
    onChanged: (id) => webhooks.forget(id),
    callbackSilence: (orgId) => callbackSilence(db, { stuckAfterMs }, orgId),
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
    options: { stuckAfterMs },
  });
  // Its own key ring, not the Fernet ring: links must outlive key rotation (decisions 014, 031).
  const unsubscribeLinks = createUnsubscribeLinks({
    secrets: config.unsubscribeKeys,
    publicUrl: config.publicUrl,
  });
  const messaging = createSending({
    db,
    integrations,
    queue: jobs,
    logger,
    publicUrl: config.publicUrl,
    unsubscribeLinks,
    options: { leaseMs: config.sendLeaseMs },
    renderer,
  });
  const messageLog = createMessageLogService();
  const unsubscribe = createUnsubscribeService({
    db,
    publicUrl: config.publicUrl,
    links: unsubscribeLinks,
    suppressions,
  });
  const monitoring = createMonitoringService({
    integrations,
    defaultTimezone: async (ctx) => (await settings.get(ctx)).defaultTimezone,
    rollupRetentionDays: config.rollupRetentionDays,
    minuteRetentionDays: config.retentionDays,
  });
  const alerts = createAlertsService();

  /** In mount order: the order of the routes (and of the OpenAPI document). */
  const modules: FeatureModule[] = [
    createHealthModule({ database, metrics, access: config.metrics }),
    createWebhooksModule({
      db,
      retentionDays: config.retentionDays,
      webhooks,
      spool: callbackSpool,
      queue: jobs,
      publicUrl: config.publicUrl,
      logger,
    }),
    createUnsubscribeModule({ unsubscribe }),
    createAuthModule({ auth, accountMail, cookie }),
    createInstanceModule({
      embedded: !config.databaseUrl,
      sandbox: config.sandbox,
      signupOpen: config.signupOpen,
      mail: mail.availability,
      features: () => modules.map((m) => m.name),
    }),
    createOrgsModule({ db, orgs }),
    createSettingsModule({ db, settings }),
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
    createMessageLogModule({ db, messageLog }),
    createSendingModule({ db, sending: messaging, idempotent }),
    createCampaignsModule({ db, campaigns: messaging.campaigns, idempotent }),
    createProviderCallbacksModule({ statusPolling }),
    createMonitoringModule({
      db,
      monitoring,
      metrics,
      retentionDays: config.retentionDays,
      rollupRetentionDays: config.rollupRetentionDays,
      orgLabel: config.metricsOrgLabel,
    }),
    createAlertsModule({
      db,
      alerts,
      metrics,
      evaluationSeconds: config.alertEvaluationSeconds,
    }),
    createMaintenanceModule({ db, sessions }),
    mail.module,
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
    mail,
    invitations,
    auth,
    accountMail,
    orgs,
    settings,
    members,
    apiKeys,
    auditLog,
    renderer,
    templates,
    integrations,
    webhooks,
    callbackSpool,
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
    monitoring,
    alerts,
    /** Releases what the services hold beyond the database: the template worker threads. */
    close: () => renderer.close(),
  };
}

export type Services = ReturnType<typeof createServices>;
