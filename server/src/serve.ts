import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { prepareDatabase, startWorkers } from './runtime.js';
import { seedDemo } from './seed.js';
import { createServices, type Services } from './services.js';

export interface Serving {
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/**
 * `switchboard serve`: migrate, start the workers, listen, and on a fresh embedded install seed
 * the demo organization. The mounted sandbox keeps its registrations in `DATA_DIR/sandbox.json`,
 * so sandbox integrations keep receiving callbacks after a restart. The demo is seeded after
 * `listen`: creating its sandbox integrations registers webhooks with the mounted emulators,
 * which call this server back.
 */
export async function startServing(
  config: Config,
  logger: Logger,
  database: Database,
  opts: { work: boolean },
): Promise<Serving> {
  await prepareDatabase(database, logger);
  const services = createServices(config, database, { logger });
  const workers = await startWorkers(database, services, opts);
  // The emulators are loaded only when SANDBOX is on (see buildApp).
  const sandbox = config.sandbox ? await import('../../sandbox/index.js') : undefined;
  const app = await buildApp({
    config,
    database,
    logger,
    services,
    ...(sandbox && {
      sandboxStore: sandbox.createStore(
        sandbox.fileBackend(path.join(config.dataDir, 'sandbox.json')),
      ),
    }),
  });
  const close = async () => {
    await app.close();
    await workers.stop();
    await services.close();
    await database.close();
  };
  try {
    await app.listen({ port: config.port, host: config.host });
    if (!config.databaseUrl) await seedDemo(config, services, logger, { onlyIfEmpty: true });
  } catch (err) {
    await close();
    throw err;
  }
  return { app, services, close };
}
