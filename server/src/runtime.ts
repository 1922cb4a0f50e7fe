import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openPglite, openPostgres, wrapPglite, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { createEventBus } from './platform/events/outbox.js';
import type { JobRunner } from './platform/jobs/registry.js';
import { jobsOf, subscriptionsOf } from './platform/module.js';
import type { Services } from './services.js';

export class DataDirLockedError extends Error {}

/**
 * Opens the configured database. PGlite has no lock of its own on its data directory, so the
 * embedded database takes one: a second process on the same DATA_DIR refuses to start.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) {
    return openPostgres(config.databaseUrl, { poolSize: config.dbPoolSize, logger });
  }
  mkdirSync(config.dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(config.dataDir, {
      lockfilePath: path.join(config.dataDir, 'switchboard.lock'),
      stale: 15_000,
      update: 5_000,
      onCompromised: (err) => logger.fatal({ err }, 'lost the DATA_DIR lock'),
    });
  } catch {
    throw new DataDirLockedError(
      `Another Switchboard process is using ${config.dataDir}. Stop it, or set DATA_DIR to another folder.`,
    );
  }
  let database: Database;
  try {
    database = wrapPglite(await openPglite(path.join(config.dataDir, 'pg')));
  } catch (err) {
    await release();
    throw err;
  }
  return {
    ...database,
    close: async () => {
      await database.close();
      await release();
    },
  } as Database;
}

export async function prepareDatabase(database: Database, logger: Logger) {
  const started = Date.now();
  await runMigrations(database);
  logger.info({ ms: Date.now() - started, kind: database.kind }, 'database migrated');
}

export interface Workers {
  jobs: JobRunner;
  stop(): Promise<void>;
}

/**
 * Job queue and outbox dispatcher, from the feature modules: their jobs are the queues (and,
 * with `work`, the workers and schedules), their subscriptions the event bus's subscribers. With
 * `work: false` (serve --no-workers) the queue is only installed so requests can enqueue;
 * separate `worker` processes do the work.
 */
export async function startWorkers(
  database: Database,
  services: Pick<Services, 'jobs' | 'modules' | 'metrics' | 'logger'>,
  opts: { work: boolean; dispatchIntervalMs?: number },
): Promise<Workers> {
  const { jobs, metrics, logger } = services;
  await jobs.start({ work: opts.work, jobs: jobsOf(services.modules) });
  if (!opts.work) return { jobs, stop: () => jobs.stop() };

  const bus = createEventBus(database.db, {
    onError: (err, { id, type, subscriber }) => {
      metrics.domainEvents.inc({ type, subscriber, outcome: 'failed' });
      logger.error({ err, eventId: id, type, subscriber }, 'domain event subscriber failed');
    },
    onDispatched: ({ type, subscriber }) =>
      metrics.domainEvents.inc({ type, subscriber, outcome: 'delivered' }),
  });
  for (const s of subscriptionsOf(services.modules)) bus.subscribe(s.event, s.name, s.handler);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const handled = await bus.dispatchBatch();
      if (handled) logger.debug({ handled }, 'domain events dispatched');
    } catch (err) {
      logger.error({ err }, 'outbox dispatch failed');
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, opts.dispatchIntervalMs ?? 1000);
  return {
    jobs,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      await jobs.stop();
    },
  };
}
