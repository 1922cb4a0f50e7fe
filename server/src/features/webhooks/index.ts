/** What other features use from webhooks: the callback events handed to a processor. */
export type { CallbackEvent, CallbackOutcome } from './service.js';
