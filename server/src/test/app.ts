import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { generateFernetKey } from '../platform/crypto/fernet.js';
import { noMailTransport, type MailTransport } from '../platform/mail/index.js';
import { jobsOf } from '../platform/module.js';
import { createServices, type Services } from '../services.js';
import { createTestDatabase } from './db.js';

export const TEST_ORIGIN = 'http://localhost:3000';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  services: Services;
  config: Config;
}

let spools = 0;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    // Each app its own callback spool (created only if it spools): never a developer's ./data.
    CALLBACK_SPOOL_DIR: path.join(tmpdir(), `switchboard-test-spool-${process.pid}-${spools++}`),
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_ORIGIN,
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-1234',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** One app on a private database copy for the calling test file; closed after the file. */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    webDist?: string;
    /** Wraps the file's database before the app gets it (e.g. `createOutageSwitch`). */
    database?: (database: Database) => Database;
    /**
     * Platform mail: off unless a test asks for it (its job needs `startJobQueue`, which most
     * files do not start) — a transport of the test's own, or `configured` for the config's
     * (the sandbox mailbox with SANDBOX on).
     */
    mailTransport?: MailTransport | 'configured';
  } = {},
): Promise<TestApp> {
  const config = testConfig(opts.env);
  const fresh = await createTestDatabase();
  const database = opts.database ? opts.database(fresh) : fresh;
  const services = createServices(config, database, {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(opts.mailTransport !== 'configured' && {
      mailTransport: opts.mailTransport ?? noMailTransport,
    }),
  });
  const app = await buildApp({
    config,
    database,
    services,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    webDist: opts.webDist ?? false,
  });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await services.close();
    await database.close();
  });
  return { app, database, services, config };
}

/**
 * Installs the job queue of these services (every module's jobs) without workers, so requests
 * can enqueue and tests run the handlers themselves; stopped after the file.
 */
export async function startJobQueue(services: Pick<Services, 'jobs' | 'modules'>) {
  await services.jobs.start({ work: false, jobs: jobsOf(services.modules) });
  afterAll(() => services.jobs.stop());
  return services.jobs;
}
