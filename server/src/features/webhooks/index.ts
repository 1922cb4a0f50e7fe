import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../platform/jobs/registry.js';
import { defineModule, type FeatureModule } from '../../platform/module.js';
import { processCallbacksJob } from './jobs.js';
import { retentionJob } from './retention.js';
import { registerWebhookRoutes } from './routes.js';
import type { WebhooksService } from './service.js';
import { startSpoolReplayLoop } from './spool-replay.js';
import type { CallbackSpool } from './spool.js';

export { createWebhooksService, DEFER_GIVE_UP_MS } from './service.js';
export { createCallbackSpool, type CallbackSpool } from './spool.js';
export type {
  CallbackEvent,
  CallbackOutcome,
  CallbackProcessor,
  WebhooksService,
} from './service.js';

/** At most one enqueue per 200 ms per process: a burst of callbacks is one processing job. */
function debounce(enqueue: () => Promise<unknown>, logger: Pick<Logger, 'error'>) {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      enqueue().catch((err: unknown) =>
        logger.error({ err }, 'could not enqueue callback processing'),
      );
    }, 200);
  };
  return { schedule, cancel: () => clearTimeout(timer) };
}

export { purgeOldLogs } from './retention.js';

/**
 * Provider callbacks: the `/webhooks/…` routes (verify, store, answer), the job that hands
 * stored events to the processors, the retention of the callback and provider logs, and the
 * replay of the callback spool, which runs with the HTTP server (the spool is written only by
 * it): at start-up, then while anything is spooled.
 */
export function createWebhooksModule(deps: {
  db: Db;
  /** RETENTION_DAYS: older callbacks, requests and provider events are deleted. */
  retentionDays: number;
  webhooks: WebhooksService;
  spool: CallbackSpool;
  queue: JobQueue;
  publicUrl: string;
  logger: Pick<Logger, 'error' | 'warn'>;
}): FeatureModule {
  const process = processCallbacksJob({ webhooks: deps.webhooks, queue: deps.queue });
  return defineModule({
    name: 'webhooks',
    routes: {
      root: async (app) => {
        const afterStore = debounce(() => deps.queue.enqueue(process, {}), deps.logger);
        let replay: { stop(): Promise<void> } | undefined;
        app.addHook('onReady', async () => {
          replay = startSpoolReplayLoop({
            replay: deps.webhooks.replaySpool,
            onStored: afterStore.schedule,
            logger: deps.logger,
          });
        });
        app.addHook('onClose', async () => {
          await replay?.stop();
          await deps.spool.close();
          afterStore.cancel();
        });
        await registerWebhookRoutes(app, {
          webhooks: deps.webhooks,
          publicUrl: deps.publicUrl,
          afterStore: afterStore.schedule,
        });
      },
    },
    jobs: [process, retentionJob({ db: deps.db, retentionDays: deps.retentionDays })],
  });
}
