import type { CookieSettings } from '../../platform/auth/plugin.js';
import { defineModule } from '../../platform/module.js';
import { registerAuthRoutes } from './routes.js';
import type { AuthService } from './service.js';

export { createAuthService, type AuthService } from './service.js';

/** Sign-up, login, logout and the current user (`/api/v1/auth/…`). */
export const createAuthModule = (deps: { auth: AuthService; cookie: CookieSettings }) =>
  defineModule({ name: 'auth', routes: { api: (app) => registerAuthRoutes(app, deps) } });
