#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Database } from './db/client.js';
import { createLogger } from './logger.js';
import { KeyRing } from './platform/crypto/fernet.js';
import { rotateStoredSecrets } from './platform/crypto/rotate.js';
import { DataDirLockedError, openDatabase, prepareDatabase, startWorkers } from './runtime.js';
import { seedDemo } from './seed.js';
import { startServing } from './serve.js';
import { createServices } from './services.js';

const USAGE = `Usage: switchboard <command>

Commands:
  serve [--no-workers]  HTTP API + web app (+ job workers unless --no-workers)
  worker                job workers and the domain-event dispatcher only
  migrate               apply database migrations and exit
  seed                  create the demo account and organization
  rotate-keys           re-encrypt stored secrets with the first key of FERNET_KEYS
`;

function onShutdown(logger: Logger, close: () => Promise<void>) {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down');
      close()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}

async function serve(config: Config, logger: Logger, database: Database, work: boolean) {
  const serving = await startServing(config, logger, database, { work });
  onShutdown(logger, serving.close);
  logger.info(
    { url: config.publicUrl, database: database.kind, workers: work },
    `Switchboard is running at ${config.publicUrl}`,
  );
}

async function worker(config: Config, logger: Logger, database: Database) {
  await prepareDatabase(database, logger);
  const services = createServices(config, database, { logger });
  const workers = await startWorkers(database, services, { work: true });
  onShutdown(logger, async () => {
    await workers.stop();
    await services.close();
    await database.close();
  });
  logger.info({ database: database.kind }, 'worker started');
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'no-workers': { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || !['serve', 'worker', 'migrate', 'seed', 'rotate-keys'].includes(command)) {
    process.stdout.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }

  const bootLogger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const config = loadConfig(process.env, (msg) => bootLogger.warn(msg));
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);

  switch (command) {
    case 'serve':
      return serve(config, logger, database, !values['no-workers']);
    case 'worker':
      return worker(config, logger, database);
    case 'migrate':
      await prepareDatabase(database, logger);
      break;
    case 'seed': {
      await prepareDatabase(database, logger);
      const services = createServices(config, database, { logger });
      await seedDemo(config, services, logger, { onlyIfEmpty: false });
      await services.close();
      break;
    }
    case 'rotate-keys': {
      await prepareDatabase(database, logger);
      const reports = await rotateStoredSecrets(database.db, new KeyRing(config.fernetKeys));
      for (const r of reports) logger.info(r, 're-encrypted stored secrets');
      break;
    }
  }
  await database.close();
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Switchboard failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
