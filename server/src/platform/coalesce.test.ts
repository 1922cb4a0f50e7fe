import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.js';

/** A write that records its batches and waits until released, as a slow statement would. */
function recorder(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((release) => gates.push(release));
    if (items.some(fail)) throw new Error(`refused ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  const releaseAll = async () => {
    while (gates.length) gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, write, releaseAll };
}

const settle = async <T>(promises: Promise<T>[], release: () => Promise<void>) => {
  const settled = Promise.allSettled(promises);
  for (let i = 0; i < 10; i++) await release();
  return settled;
};

describe('createCoalescer', () => {
  it('writes a lone item at once, by itself', async () => {
    const r = recorder();
    const c = createCoalescer(r.write, { maxBatch: 10, maxInFlight: 1 });
    const result = c.add(7);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[7]]);
    await r.releaseAll();
    await expect(result).resolves.toBe(70);
  });

  it('puts items of one turn in one batch, and items that wait for a free slot in the next', async () => {
    const r = recorder();
    const c = createCoalescer(r.write, { maxBatch: 10, maxInFlight: 1 });
    const first = [1, 2, 3].map((i) => c.add(i));
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [4, 5].map((i) => c.add(i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1, 2, 3]]); // one slot, busy: 4 and 5 wait
    expect(c.inFlight).toBe(1);
    const results = await settle([...first, ...waiting], r.releaseAll);
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(results.map((x) => (x.status === 'fulfilled' ? x.value : x.reason))).toEqual([
      10, 20, 30, 40, 50,
    ]);
    expect(c.inFlight).toBe(0);
  });

  it('never exceeds the batch size or the statements in flight', async () => {
    const r = recorder();
    const c = createCoalescer(r.write, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6, 7].map((i) => c.add(i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await settle(all, r.releaseAll);
    expect(r.batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...r.batches.map((b) => b.length))).toBe(2);
  });

  it('retries a refused batch item by item, so only the bad item fails', async () => {
    const r = recorder((i) => i === 2);
    const c = createCoalescer(r.write, { maxBatch: 10, maxInFlight: 1 });
    const results = await settle(
      [1, 2, 3].map((i) => c.add(i)),
      r.releaseAll,
    );
    expect(r.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused 2'));
  });

  it('fails every item if the write returns the wrong number of results', async () => {
    const c = createCoalescer(async (items: number[]) => items.slice(1), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    const results = await Promise.allSettled([c.add(1), c.add(2)]);
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
  });
});
