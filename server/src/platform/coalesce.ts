/**
 * Coalesces concurrent writes into batches without a timer ("natural batching", as a database's
 * group commit does): an item added while fewer than `maxInFlight` batches run goes out at the
 * end of the current event-loop turn, together with whatever arrived in the same turn; items
 * added while every slot is busy wait and leave together as soon as one is free. A lone item
 * waits for nothing; under load one statement carries many items.
 *
 * Each caller's promise settles with its own result once its batch is done. A batch that fails
 * is retried item by item, so one item the database refuses cannot fail its neighbours.
 */
export interface Coalescer<T, R> {
  add(item: T): Promise<R>;
  /** Batches currently being written (for tests and metrics). */
  readonly inFlight: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export function createCoalescer<T, R>(
  /** Writes the items and returns one result per item, in order. */
  write: (items: T[]) => Promise<R[]>,
  opts: { maxBatch: number; maxInFlight: number },
): Coalescer<T, R> {
  let queue: Waiting<T, R>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = (batch: Waiting<T, R>[], results: R[]) => {
    if (results.length !== batch.length) {
      throw new Error(`coalesced write returned ${results.length} results for ${batch.length}`);
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
  };

  async function run(batch: Waiting<T, R>[]) {
    try {
      settle(batch, await write(batch.map((w) => w.item)));
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else {
        await Promise.all(
          batch.map(async (w) => {
            try {
              settle([w], await write([w.item]));
            } catch (e) {
              w.reject(e);
            }
          }),
        );
      }
    }
  }

  function flush() {
    scheduled = false;
    while (queue.length && inFlight < opts.maxInFlight) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  }

  function schedule() {
    if (scheduled || !queue.length || inFlight >= opts.maxInFlight) return;
    scheduled = true;
    // Not a microtask: requests parsed in the same I/O phase should reach the same batch.
    setImmediate(flush);
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    get inFlight() {
      return inFlight;
    },
  };
}
