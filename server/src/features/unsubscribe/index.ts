/** What other features use from unsubscribe: the per-message unsubscribe links. */
export type { UnsubscribeLinks } from './token.js';
