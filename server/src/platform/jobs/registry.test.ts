import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../test/db.js';
import { tenantTransaction } from '../tenancy.js';
import { createJobRunner, defineJob, type JobRunner } from './registry.js';

const database = await createTestDatabase();
const logger = pino({ level: 'silent' });

const handled: { tag: string; note: string }[] = [];
const echo = defineJob({
  name: 'test.echo',
  schema: z.object({ tag: z.string(), note: z.string().default('none') }),
  retry: { limit: 2, delaySeconds: 30 },
  handler: async (payload) => {
    handled.push(payload);
  },
});
const failing = defineJob({
  name: 'test.failing',
  schema: z.object({ tag: z.string() }),
  retry: { limit: 2, delaySeconds: 30 },
  handler: async () => {
    throw new Error('provider timed out');
  },
});
/** Queues of their own for the worker test, so it does not wait behind the jobs above. */
const worked: { tag: string }[] = [];
const work = defineJob({
  name: 'test.work',
  schema: z.object({ tag: z.string(), note: z.string().default('none') }),
  retry: { limit: 2, delaySeconds: 30 },
  handler: async (payload) => {
    worked.push(payload);
  },
});
const strict = defineJob({
  name: 'test.strict',
  schema: z.object({ tag: z.string() }),
  retry: { limit: 0, delaySeconds: 1 },
  handler: async (payload) => {
    worked.push(payload);
  },
});
const unregistered = defineJob({
  name: 'test.unregistered',
  schema: z.object({}),
  retry: { limit: 0, delaySeconds: 1 },
  handler: async () => {},
});

const runners: JobRunner[] = [];
function runner() {
  const r = createJobRunner(database, logger);
  runners.push(r);
  return r;
}
const queue = runner();
await queue.start({ work: false, jobs: [echo, failing, work, strict] });

afterAll(async () => {
  for (const r of runners) await r.stop();
  await database.close();
});

const jobsTagged = (name: string, tag: string) =>
  queue.boss.findJobs<{ tag: string }>(name, { data: { tag } });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class Rollback extends Error {}

describe('enqueue', () => {
  it('inside a transaction that rolls back leaves no job', async () => {
    const tag = randomUUID();
    await expect(
      database.db.transaction(async (tx) => {
        expect(await queue.enqueue(echo, { tag }, { tx })).toEqual(expect.any(String));
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await jobsTagged(echo.name, tag)).toEqual([]);
  });

  it('inside a transaction that commits leaves exactly one job', async () => {
    const tag = randomUUID();
    const id = await database.db.transaction((tx) => queue.enqueue(echo, { tag }, { tx }));
    const jobs = await jobsTagged(echo.name, tag);
    expect(jobs.map((j) => j.id)).toEqual([id]);
    expect(jobs[0]!.state).toBe('created');
  });

  it('works from an org-scoped transaction (the app role), rolling back with it', async () => {
    const tag = randomUUID();
    const orgId = randomUUID();
    await tenantTransaction(database.db, { orgId }, (tx) => queue.enqueue(echo, { tag }, { tx }));
    expect(await jobsTagged(echo.name, tag)).toHaveLength(1);

    const lost = randomUUID();
    await expect(
      tenantTransaction(database.db, { orgId }, async (tx) => {
        await queue.enqueue(echo, { tag: lost }, { tx });
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await jobsTagged(echo.name, lost)).toEqual([]);
  });

  it('validates the payload with the zod schema and stores the parsed value', async () => {
    await expect(
      queue.enqueue(echo, { tag: 42 } as unknown as { tag: string }),
    ).rejects.toBeInstanceOf(z.ZodError);
    const tag = randomUUID();
    await queue.enqueue(echo, { tag });
    const [job] = await jobsTagged(echo.name, tag);
    expect(job!.data).toEqual({ tag, note: 'none' });
  });

  it('refuses a job that is not in the registry', async () => {
    await expect(queue.enqueue(unregistered, {})).rejects.toThrow(/not registered/);
  });

  it('applies the retry policy to the queue', async () => {
    const tag = randomUUID();
    await queue.enqueue(failing, { tag });
    const [job] = await jobsTagged(failing.name, tag);
    expect(job).toMatchObject({ retryLimit: 2, retryDelay: 30, retryBackoff: true });
  });
});

describe('workers', () => {
  it('run the handler of each waiting job, and a failing one is kept for retry', async () => {
    const ok = randomUUID();
    await queue.enqueue(work, { tag: ok, note: 'hello' });
    const badId = await queue.enqueue(failing, { tag: randomUUID() });
    // A payload that bypassed the registry is checked again on pickup.
    const forgedId = await queue.boss.send(strict.name, { tag: 7 });

    const workers = runner();
    await workers.start({ work: true, jobs: [echo, failing, work, strict] });
    try {
      await until('the handler', async () => (worked.length ? true : undefined));
      expect(worked).toEqual([{ tag: ok, note: 'hello' }]);
      await until('the completed state', async () => {
        const [job] = await jobsTagged(work.name, ok);
        return job?.state === 'completed' ? job : undefined;
      });

      const retried = await until('the failed job to wait for its retry', async () => {
        const job = await queue.boss.getJobById(failing.name, badId!);
        return job?.state === 'retry' ? job : undefined;
      });
      expect(retried.startAfter.getTime()).toBeGreaterThan(Date.now());
      expect(retried.output).toMatchObject({ message: 'provider timed out' });

      const forged = await until('the forged job to fail', async () => {
        const job = await queue.boss.getJobById(strict.name, forgedId!);
        return job?.state === 'failed' ? job : undefined;
      });
      expect(forged.output).toMatchObject({ name: 'ZodError' });
      expect(worked).toHaveLength(1);
    } finally {
      await workers.stop();
    }
  });
});

describe('periodic jobs (everySeconds)', () => {
  it('run in process in every working runner, never two at once, and stop with the runner', async () => {
    let runs = 0;
    let inFlight = 0;
    let overlapped = false;
    const tick = defineJob({
      name: 'test.tick',
      schema: z.object({}),
      retry: { limit: 0, delaySeconds: 1 },
      everySeconds: 1,
      handler: async () => {
        inFlight++;
        if (inFlight > 1) overlapped = true;
        runs++;
        // Longer than the interval: the next tick finds it still running and skips.
        await new Promise((r) => setTimeout(r, 1_500));
        inFlight--;
      },
    });
    const workers = runner();
    await workers.start({ work: true, jobs: [tick] });
    try {
      await until('two runs', async () => (runs >= 2 ? true : undefined));
    } finally {
      await workers.stop();
    }
    const stoppedAt = runs;
    expect(overlapped).toBe(false);
    expect(inFlight).toBe(0);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(runs).toBe(stoppedAt);
  });
});
