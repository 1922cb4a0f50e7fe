import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { createSessionStore } from './platform/auth/sessions.js';
import { KeyRing } from './platform/crypto/fernet.js';
import { createIdempotency } from './platform/idempotency.js';
import { createApiKeysService } from './features/api-keys/service.js';
import { createAuditLogService } from './features/audit-log/service.js';
import { createAuthService } from './features/auth/service.js';
import { createInvitationsService } from './features/members/invitations.service.js';
import { createMembersService } from './features/members/service.js';
import { createOrgsService } from './features/orgs/service.js';
import { createTemplatesService } from './features/templates/service.js';
import { loadTemplateContact } from './features/contacts/index.js';
import { createProviderGateway } from './features/integrations/gateway.js';
import { createIntegrationsService } from './features/integrations/service.js';
import { createWebhooksService } from './features/webhooks/service.js';
import { createLogger } from './logger.js';
import type { Logger } from 'pino';
import { createConflictsService } from './features/contacts/conflicts.service.js';
import { createGroupsService } from './features/contacts/groups.js';
import { createMergeService } from './features/contacts/merge.js';
import { createContactsService } from './features/contacts/service.js';
import { createSuppressionsService } from './features/contacts/suppressions.service.js';
import { createContactImportsService } from './features/contacts/imports.service.js';
import { createLateJobQueue } from './platform/jobs/late-queue.js';
import {
  createCallbackProcessor,
  createStatusPolling,
  createStatusUpdater,
} from './features/provider-callbacks/index.js';
import { createMessageLogService, messagesMergeParticipant } from './features/message-log/index.js';
import { createSending } from './features/sending/index.js';
import { createUnsubscribeService } from './features/unsubscribe/service.js';
import { createUnsubscribeLinks } from './features/unsubscribe/token.js';

/** The services of every feature, wired once; shared by the HTTP app and the workers. */
export function createServices(config: Config, db: Db, logger?: Logger) {
  const log = logger ?? createLogger(config.logLevel);
  const secrets = new KeyRing(config.fernetKeys);
  const sessions = createSessionStore(db, config.sessionSecret);
  const webhooks = createWebhooksService({ db, secrets, publicUrl: config.publicUrl, logger: log });
  const invitations = createInvitationsService({ db, secrets, publicUrl: config.publicUrl });
  const contactMerges = createMergeService({ participants: [messagesMergeParticipant] });
  const suppressions = createSuppressionsService();
  // SESSION_SECRET, not the Fernet ring: links must outlive key rotation (decision 014).
  const unsubscribeLinks = createUnsubscribeLinks({
    secret: config.sessionSecret,
    publicUrl: config.publicUrl,
  });
  const statusUpdater = createStatusUpdater({ suppressions, logger: log });
  webhooks.onCallbackEvents(createCallbackProcessor({ suppressions, logger: log }));
  /** Bound to the job runner by startWorkers (runtime.ts). */
  const jobQueue = createLateJobQueue();
  const base = {
    db,
    secrets,
    sessions,
    idempotent: createIdempotency(secrets),
    invitations,
    auth: createAuthService({ db, sessions, invitations }),
    orgs: createOrgsService({ db }),
    members: createMembersService(),
    apiKeys: createApiKeysService(),
    auditLog: createAuditLogService(),
    templates: createTemplatesService({
      contacts: {
        loadForTemplate: (ctx, contactId) =>
          ctx.run(async (tx) => (await loadTemplateContact(tx, ctx.orgId, contactId)) ?? null),
      },
    }),
    integrations: createIntegrationsService({
      onChanged: (id) => webhooks.forget(id),
      // Late-bound: the status polling is built on the integrations service below.
      callbackSilence: (orgId) => statusPolling.callbackSilence(orgId),
      secrets,
      gateway: createProviderGateway({
        publicUrl: config.publicUrl,
        sandboxUrl: config.sandboxUrl,
      }),
      publicUrl: config.publicUrl,
      sandboxEnabled: config.sandbox,
      logger: log,
    }),
    webhooks,
    contacts: createContactsService(),
    contactMerges,
    identityConflicts: createConflictsService({ merges: contactMerges }),
    contactGroups: createGroupsService(),
    suppressions,
    jobQueue,
    contactImports: createContactImportsService({ db, queue: jobQueue }),
    messageLog: createMessageLogService(),
  };
  const statusPolling = createStatusPolling({
    db,
    integrations: base.integrations,
    updater: statusUpdater,
    logger: log,
    options: { stuckAfterMs: config.statusPollAfterMinutes * 60_000 },
  });
  const messaging = createSending({
    db,
    integrations: base.integrations,
    queue: jobQueue,
    logger: log,
    publicUrl: config.publicUrl,
    unsubscribeLinks,
  });
  const unsubscribe = createUnsubscribeService({ db, links: unsubscribeLinks, suppressions });
  return { ...base, statusPolling, messaging, unsubscribeLinks, unsubscribe };
}

export type Services = ReturnType<typeof createServices>;
