import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { users } from './db/schema/index.js';
import { randomToken } from './platform/auth/tokens.js';
import type { Services } from './services.js';

export const DEMO_EMAIL = 'demo@switchboard.local';

/**
 * A fresh embedded install gets a demo account so every screen has something to show. The
 * password is random and written to DATA_DIR (mode 0600), never to the logs.
 */
export async function seedDemo(
  config: Config,
  services: Services,
  logger: Logger,
  opts: { onlyIfEmpty: boolean },
) {
  if (opts.onlyIfEmpty) {
    const [row] = await services.db.select({ n: count() }).from(users);
    if (Number(row?.n ?? 0) > 0) return false;
  }
  const password = randomToken(12);
  const meta = { ip: null, userAgent: 'switchboard seed', requestId: 'seed' };
  try {
    await services.auth.signup(
      { email: DEMO_EMAIL, password, name: 'Demo User', orgName: 'Demo Company' },
      meta,
    );
  } catch (err) {
    logger.info({ err }, 'demo account not created (it probably exists already)');
    return false;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'demo-login.txt');
  writeFileSync(file, `email: ${DEMO_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
  logger.info(
    { email: DEMO_EMAIL, credentials: file },
    'created the demo account; its password is in the credentials file',
  );
  return true;
}
