import { afterAll } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.js';
import type { Database } from '../db/client.js';
import { createTestApp, type TestApp } from './app.js';

/**
 * A test app with sandbox integrations enabled and a standalone sandbox whose callbacks (status
 * reports, events, inbound messages) are delivered into that app, signed as the provider would.
 * Both are closed after the file.
 */
export async function createSandboxedApp(
  opts: { env?: Record<string, string>; database?: (database: Database) => Database } = {},
): Promise<{ t: TestApp; sandbox: RunningSandbox }> {
  const under: { app?: TestApp } = {};
  const sandbox = await startSandbox({
    deliver: async (d) => {
      const { app } = under;
      if (!app) throw new Error('callback before the app under test started');
      const method = d.method ?? 'POST';
      const res = await app.app.inject({
        method,
        url: d.url.replace(app.config.publicUrl, ''),
        headers: d.headers,
        ...(method === 'POST' && { payload: d.body }),
      });
      return { status: res.statusCode, body: res.body };
    },
  });
  afterAll(() => sandbox.close());
  under.app = await createTestApp({
    ...opts,
    env: { ...opts.env, SANDBOX: 'true', SANDBOX_URL: sandbox.url },
  });
  return { t: under.app, sandbox };
}
