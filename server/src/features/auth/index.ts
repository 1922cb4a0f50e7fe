import type { CookieSettings } from '../../platform/auth/plugin.js';
import { defineModule } from '../../platform/module.js';
import { registerAuthRoutes } from './routes.js';
import type { AccountMailService } from './account-mail.js';
import type { AuthService } from './service.js';

export { createAuthService, type AuthService } from './service.js';
export { createAccountMailService, type AccountMailService } from './account-mail.js';

/**
 * Sign-up, login, logout, the current user, and what works through a mailed link: password
 * reset and email change (`/api/v1/auth/…`, `/api/v1/me/…`).
 */
export const createAuthModule = (deps: {
  auth: AuthService;
  accountMail: AccountMailService;
  cookie: CookieSettings;
}) =>
  defineModule({
    name: 'auth',
    routes: { api: (app) => registerAuthRoutes(app, deps) },
    jobs: deps.accountMail.jobs,
  });
