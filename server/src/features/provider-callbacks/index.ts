/**
 * What providers report back about messages: status callbacks and inbound messages (the
 * processor the webhooks feature is built with), and status polling where callbacks never come.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/registry.js';
import { defineModule } from '../../platform/module.js';
import type { StatusPolling } from './polling.js';

export {
  createCallbackProcessor,
  createStatusUpdater,
  type CallbackProcessorDeps,
  type StatusUpdater,
} from './callbacks.js';
export {
  callbackSilence,
  createStatusPolling,
  type CallbackSilence,
  type PollingOptions,
  type StatusPolling,
} from './polling.js';

/** The fallback for callbacks that never came: messages stuck in `sent` are polled each minute. */
export const createProviderCallbacksModule = (deps: {
  statusPolling: Pick<StatusPolling, 'pollStuck'>;
}) =>
  defineModule({
    name: 'provider-callbacks',
    jobs: [
      defineJob({
        name: 'messages.poll-status',
        schema: z.object({}),
        retry: { limit: 3, delaySeconds: 30 },
        cron: '* * * * *',
        handler: async () => {
          await deps.statusPolling.pollStuck();
        },
      }),
    ],
  });
