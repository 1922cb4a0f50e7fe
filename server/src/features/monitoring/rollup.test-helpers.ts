import type { Db } from '../../db/client.js';
import { rollUpProviderEvents, type RollupOptions } from './rollup.js';

/**
 * Rolls up until no event is left to count. On PostgreSQL a transaction of another test file
 * (another database, same server) can hold the snapshot's xmin back for a moment, so one run may
 * stop short of events already committed: retry for a few seconds rather than flake.
 */
export async function rollUpAll(db: Db, opts: RollupOptions = {}): Promise<number> {
  let counted = 0;
  const until = Date.now() + 10_000;
  for (;;) {
    const run = await rollUpProviderEvents(db, opts);
    counted += run.counted;
    if (run.lagSeconds === null) return counted;
    if (Date.now() > until) throw new Error('the rollup did not catch up within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
