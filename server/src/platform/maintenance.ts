import { lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { idempotencyKeys, userTokens } from '../db/schema/index.js';
import type { SessionStore } from './auth/sessions.js';
import { defineJob } from './jobs/registry.js';
import { defineModule } from './module.js';

/**
 * The platform's own housekeeping, hourly: expired sessions and idempotency keys, and mailed
 * account links a day past their expiry.
 */
export const createMaintenanceModule = (deps: {
  db: Db;
  sessions: Pick<SessionStore, 'purgeExpired'>;
}) =>
  defineModule({
    name: 'maintenance',
    jobs: [
      defineJob({
        name: 'maintenance.purge-expired',
        schema: z.object({}),
        retry: { limit: 3, delaySeconds: 60 },
        cron: '7 * * * *',
        handler: async () => {
          await deps.sessions.purgeExpired();
          await deps.db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, new Date()));
          await deps.db
            .delete(userTokens)
            .where(lt(userTokens.expiresAt, new Date(Date.now() - 86_400_000)));
        },
      }),
    ],
  });
