import { defineModule } from '../../platform/module.js';
import { registerUnsubscribeRoutes } from './routes.js';
import type { UnsubscribeService } from './service.js';

export { createUnsubscribeService, type UnsubscribeService } from './service.js';
export { createUnsubscribeLinks, type UnsubscribeLinks } from './token.js';

/** The public one-click unsubscribe endpoint and page (no session: the signed token is the key). */
export const createUnsubscribeModule = (deps: { unsubscribe: UnsubscribeService }) =>
  defineModule({
    name: 'unsubscribe',
    routes: { root: (app) => registerUnsubscribeRoutes(app, deps) },
  });
