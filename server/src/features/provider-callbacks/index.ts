/**
 * What providers report back about messages: status callbacks and inbound messages (the
 * processor registered with `webhooks.onCallbackEvents`), and status polling where callbacks
 * never come.
 */
export {
  createCallbackProcessor,
  createStatusUpdater,
  type CallbackProcessorDeps,
  type StatusUpdater,
} from './callbacks.js';
export {
  createStatusPolling,
  type CallbackSilence,
  type PollingOptions,
  type StatusPolling,
} from './polling.js';
