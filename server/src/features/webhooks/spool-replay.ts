import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Executor } from '../../db/client.js';
import { isDatabaseUnreachable } from '../../platform/db-errors.js';
import { webhooksRepo, type CallbackRecord } from './repo.js';
import type { CallbackSpool } from './spool.js';

/**
 * Whether the database is known to be unreachable. Set by the first callback write that fails
 * that way; while set, callbacks go straight to the spool (no connection attempt per callback)
 * and cached integrations are used past their TTL. Cleared only by the replayer, once the
 * database answers again and the spool is drained.
 */
export interface DbOutage {
  readonly down: boolean;
  markDown(err: unknown): void;
  markUp(): void;
}

export function createDbOutage(logger: Pick<Logger, 'warn'>): DbOutage {
  let down = false;
  return {
    get down() {
      return down;
    },
    markDown(err) {
      if (!down) logger.warn({ err }, 'database unreachable: provider callbacks go to the spool');
      down = true;
    },
    markUp() {
      if (down) logger.warn('database reachable again: provider callbacks are stored directly');
      down = false;
    },
  };
}

/** As many one-event callbacks per statement as the request path batches. */
const REPLAY_BATCH = 200;

export interface ReplayResult {
  /** Events that were new (stored for the first time). */
  stored: number;
  /** Records are still spooled (written while this replay ran): replay again soon. */
  busy: boolean;
}

/**
 * Moves spooled callbacks into the database through the request path's statements (same ids,
 * same dedupe): a record already committed, or replayed twice, adds nothing. A segment is removed
 * only after all of its records are committed. A record the database refuses for another reason
 * than being unreachable is quarantined, so it cannot block the rest. Runs one at a time.
 */
export function createSpoolReplay(deps: {
  db: Executor;
  spool: CallbackSpool;
  outage: DbOutage;
  logger: Pick<Logger, 'warn' | 'error'>;
}) {
  const { db, spool, outage, logger } = deps;

  async function writeOne(record: CallbackRecord): Promise<number> {
    try {
      return record.events.length === 1
        ? Number((await webhooksRepo.storeSingles(db, [record]))[0])
        : await webhooksRepo.store(db, record);
    } catch (err) {
      if (isDatabaseUnreachable(err)) throw err;
      logger.error(
        { err, integrationId: record.integrationId, provider: record.provider },
        'spooled callback refused by the database: quarantined',
      );
      await spool.quarantine(record);
      return 0;
    }
  }

  async function writeAll(records: CallbackRecord[]): Promise<number> {
    let stored = 0;
    const singles = records.filter((r) => r.events.length === 1);
    for (let i = 0; i < singles.length; i += REPLAY_BATCH) {
      const batch = singles.slice(i, i + REPLAY_BATCH);
      try {
        stored += (await webhooksRepo.storeSingles(db, batch)).filter(Boolean).length;
      } catch (err) {
        if (isDatabaseUnreachable(err)) throw err;
        for (const record of batch) stored += await writeOne(record);
      }
    }
    for (const record of records) if (record.events.length !== 1) stored += await writeOne(record);
    return stored;
  }

  async function replay(opts: { adopt: boolean }): Promise<ReplayResult> {
    if (!outage.down && spool.bytes === 0 && !opts.adopt) return { stored: 0, busy: false };
    try {
      if (outage.down) await db.execute(sql`select 1`);
      let stored = 0;
      for (const segment of await spool.claim(opts)) {
        const { records, unreadable } = await segment.read();
        if (unreadable) {
          // Only a write that never completed (and was never acknowledged) leaves such a line.
          logger.warn(
            { file: segment.file, unreadable },
            'skipped unreadable callback spool lines',
          );
        }
        stored += await writeAll(records);
        await segment.done();
      }
      outage.markUp();
      return { stored, busy: spool.bytes > 0 };
    } catch (err) {
      if (isDatabaseUnreachable(err)) outage.markDown(err);
      throw err;
    }
  }

  let running: Promise<unknown> = Promise.resolve();
  return (opts: { adopt: boolean }): Promise<ReplayResult> => {
    const next = running.then(() => replay(opts));
    running = next.catch(() => undefined);
    return next;
  };
}

/** How often segments left by processes that are gone are looked for. */
const ADOPT_EVERY_MS = 30_000;

/**
 * Runs the replay at start-up (adopting what earlier processes left), then every second while
 * there is something to replay, backing off to 5 s while the database stays unreachable.
 */
export function startSpoolReplayLoop(deps: {
  replay: (opts: { adopt: boolean }) => Promise<ReplayResult>;
  onStored: () => void;
  logger: Pick<Logger, 'warn'>;
}) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  let lastAdopt = 0;
  let current: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick();
    }, ms);
    timer.unref();
  };

  async function tick() {
    const adopt = Date.now() - lastAdopt >= ADOPT_EVERY_MS;
    try {
      const { stored, busy } = await deps.replay({ adopt });
      if (adopt) lastAdopt = Date.now();
      if (stored) deps.onStored();
      failures = 0;
      schedule(busy ? 100 : 1_000);
    } catch (err) {
      failures += 1;
      if (!isDatabaseUnreachable(err)) deps.logger.warn({ err }, 'callback spool replay failed');
      schedule(Math.min(5_000, 250 * 2 ** Math.min(failures, 5)));
    }
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
