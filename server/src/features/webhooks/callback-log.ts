import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { webhooksRepo, type CallbackLogRow } from './repo.js';

/** How long a callback's provider_event may wait before it is written with its neighbours. */
export const CALLBACK_LOG_FLUSH_MS = 100;
const MAX_BATCH = 500;
/** Rows kept for a retry while the database refuses them; beyond this they are dropped (logged). */
const MAX_PENDING = 20_000;

/**
 * The `callback` provider_events (monitoring rows), written in batches off the request path: a
 * third row per callback in the request's own statement cost as much as the callback itself.
 * The callback is durable before its 2xx (webhook_events); its monitoring row follows within
 * CALLBACK_LOG_FLUSH_MS, and at most that window of monitoring rows is lost if the process dies.
 */
export function createCallbackLog(deps: { db: Db; logger: Pick<Logger, 'error'> }) {
  let pending: CallbackLogRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write() {
    while (pending.length) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(batch.length);
      try {
        await webhooksRepo.logCallbacks(deps.db, batch);
      } catch (err) {
        const kept = Math.max(0, Math.min(batch.length, MAX_PENDING - pending.length));
        pending = [...batch.slice(0, kept), ...pending];
        deps.logger.error(
          { err, dropped: batch.length - kept },
          'could not write callback provider_events; will retry',
        );
        schedule();
        return;
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write);
    return writing;
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => void flush(), CALLBACK_LOG_FLUSH_MS);
    timer.unref();
  }

  return {
    record(rows: CallbackLogRow[]) {
      pending.push(...rows);
      if (pending.length >= MAX_BATCH) void flush();
      else schedule();
    },
    /** Writes everything recorded so far (on shutdown, and where a reader needs it now). */
    flush,
  };
}
