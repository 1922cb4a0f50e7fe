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
import { createTemplatesService, noContacts } from './features/templates/service.js';
import { createProviderGateway } from './features/integrations/gateway.js';
import { createIntegrationsService } from './features/integrations/service.js';
import { createWebhooksService } from './features/webhooks/service.js';
import { createLogger } from './logger.js';
import type { Logger } from 'pino';

/** The services of every feature, wired once; shared by the HTTP app and the workers. */
export function createServices(config: Config, db: Db, logger?: Logger) {
  const log = logger ?? createLogger(config.logLevel);
  const secrets = new KeyRing(config.fernetKeys);
  const sessions = createSessionStore(db, config.sessionSecret);
  const webhooks = createWebhooksService({ db, secrets, publicUrl: config.publicUrl, logger: log });
  const invitations = createInvitationsService({ db, secrets, publicUrl: config.publicUrl });
  return {
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
    // The contacts feature supplies the real loader at merge.
    templates: createTemplatesService({ contacts: noContacts }),
    integrations: createIntegrationsService({
      onChanged: (id) => webhooks.forget(id),
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
  };
}

export type Services = ReturnType<typeof createServices>;
