import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { defineJob } from '../../platform/jobs/registry.js';
import { defineModule } from '../../platform/module.js';
import type { InvitationsService } from './invitations.service.js';
import { registerInvitationLinkRoutes, registerMemberRoutes } from './routes.js';
import type { MembersService } from './service.js';

export { createInvitationsService, type InvitationsService } from './invitations.service.js';
export { createMembersService, type MembersService } from './service.js';

/** Members and invitations: the org's member routes, invitation links, and their expiry. */
export function createMembersModule(deps: {
  db: Db;
  members: MembersService;
  invitations: InvitationsService;
  idempotent: Idempotent;
}) {
  return defineModule({
    name: 'members',
    routes: {
      api: (app) => registerInvitationLinkRoutes(app, deps),
      org: (app) => registerMemberRoutes(app, deps),
    },
    jobs: [
      defineJob({
        name: 'invitations.expire',
        schema: z.object({}),
        retry: { limit: 3, delaySeconds: 30 },
        cron: '*/15 * * * *',
        handler: async () => {
          await deps.invitations.expireDue();
        },
      }),
    ],
  });
}
