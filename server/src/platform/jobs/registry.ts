import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database, Executor } from '../../db/client.js';

export interface RetryPolicy {
  limit: number;
  /** Seconds before the first retry; doubled (with jitter) on each later one. */
  delaySeconds: number;
  maxDelaySeconds?: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  retry: RetryPolicy;
  /** Cron expression (UTC) for scheduled jobs; the schedule key is the job name. */
  cron?: string;
  /**
   * Also run in every working process this often, in process rather than through the queue:
   * for sweeps finer than cron's minute. The handler must be cheap and safe to run in several
   * processes at once; a run still going when the next is due is not doubled.
   */
  everySeconds?: number;
  /** `short`: at most one waiting job per singletonKey (later sends of the key are dropped). */
  policy?: 'standard' | 'short';
  /** Jobs of this name worked at once per process (default 1). */
  workers?: number;
  handler: (payload: z.output<S>, job: { id: string; retryCount: number }) => Promise<void>;
}

const STARTUP_LOCK_ID = 727_002;

async function withStartupLock(database: Database, fn: () => Promise<void>): Promise<void> {
  if (database.kind === 'pglite') return fn(); // one process per data directory (lock file)
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_ID]);
    await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_ID]).catch(() => {});
    client.release();
  }
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Executor;
  singletonKey?: string;
  startAfter?: Date | number;
}

export interface JobQueue {
  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    opts?: EnqueueOptions,
  ): Promise<string | null>;
}

export interface JobRunner extends JobQueue {
  /**
   * Installs pg-boss's schema and the queues of `jobs` (every feature module's); with `work`,
   * also starts workers and schedules. Enqueueing works from then on.
   */
  start(opts: { work: boolean; jobs: readonly JobDefinition[] }): Promise<void>;
  stop(): Promise<void>;
  readonly boss: PgBoss;
}

/**
 * The typed job registry over pg-boss. Every job name has a zod payload schema checked on
 * enqueue and again on pickup, a retry policy (exponential backoff with jitter, by pg-boss), and
 * a handler that must be idempotent: pg-boss delivers at least once. The runner exists before the
 * features (they are handed it as their queue) and learns their jobs when it starts.
 */
export function createJobRunner(database: Database, logger: Logger): JobRunner {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite', schedule: true })
      : new PgBoss({ db: { executeSql: (text, values) => database.pool.query(text, values) } });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  const byName = new Map<string, JobDefinition>();
  let started = false;
  const tickers: { timer: NodeJS.Timeout; running: Promise<void> }[] = [];

  function ticker(def: JobDefinition, seconds: number) {
    let busy = false;
    const t = {
      running: Promise.resolve(),
      timer: setInterval(() => {
        if (busy) return;
        busy = true;
        t.running = (async () => {
          try {
            await def.handler(def.schema.parse({}), { id: `${def.name}:tick`, retryCount: 0 });
          } catch (err) {
            logger.error({ err, job: def.name }, 'periodic job run failed');
          } finally {
            busy = false;
          }
        })();
      }, seconds * 1000),
    };
    return t;
  }

  return {
    boss,
    async start({ work, jobs: definitions }) {
      for (const def of definitions) {
        if (byName.has(def.name)) throw new Error(`Job ${def.name} is defined twice`);
        byName.set(def.name, def);
      }
      // Several processes may start at once (serve + workers): pg-boss's schema installation
      // and our queue setup run one process at a time.
      await withStartupLock(database, async () => {
        await boss.start();
        for (const def of definitions) {
          const options = {
            retryLimit: def.retry.limit,
            retryDelay: def.retry.delaySeconds,
            retryBackoff: true,
            retryDelayMax: def.retry.maxDelaySeconds ?? 3600,
          };
          const existing = await boss.getQueue(def.name);
          if (existing) await boss.updateQueue(def.name, options);
          else await boss.createQueue(def.name, { ...options, policy: def.policy ?? 'standard' });
        }
        // Org-scoped transactions run as switchboard_app and may enqueue jobs in their
        // transaction; tables pg-boss creates later (queue partitions) get the same grants.
        await database.db.execute(sql`grant usage on schema pgboss to switchboard_app`);
        await database.db.execute(
          sql`grant select, insert, update on all tables in schema pgboss to switchboard_app`,
        );
        await database.db.execute(
          sql`alter default privileges in schema pgboss grant select, insert, update on tables to switchboard_app`,
        );
      });
      started = true;
      if (!work) return;
      for (const def of definitions) {
        const options = { pollingIntervalSeconds: 1, localConcurrency: def.workers ?? 1 };
        await boss.work(def.name, options, async (jobs: Job<unknown>[]) => {
          for (const job of jobs) {
            const payload = def.schema.parse(job.data);
            await def.handler(payload, { id: job.id, retryCount: job.retryCount ?? 0 });
          }
        });
        if (def.cron) await boss.schedule(def.name, def.cron, {});
        if (def.everySeconds) tickers.push(ticker(def, def.everySeconds));
      }
    },
    async stop() {
      for (const t of tickers.splice(0)) {
        clearInterval(t.timer);
        await t.running;
      }
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
    async enqueue(job, payload, opts = {}) {
      if (!started) throw new Error(`Job queue not started: cannot enqueue ${job.name}`);
      if (!byName.has(job.name)) throw new Error(`Job ${job.name} is not registered`);
      const data = job.schema.parse(payload) as object;
      return boss.send(job.name, data, {
        ...(opts.singletonKey && { singletonKey: opts.singletonKey }),
        ...(opts.startAfter !== undefined && { startAfter: opts.startAfter }),
        ...(opts.tx && {
          db: fromDrizzle(opts.tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
        }),
      });
    },
  };
}
