import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { providerEvents, providerRollups, rollupWatermarks } from '../../db/schema/index.js';
import type { RollupLevel } from '../../db/schema/monitoring.js';
import { createMetrics } from '../../platform/metrics.js';
import { createTestDatabase } from '../../test/db.js';
import {
  addToHistogram,
  histogramQuantile,
  mergeHistograms,
  RELATIVE_ACCURACY,
  type LatencyHistogram,
} from './histogram.js';
import { monitoringJobs } from './jobs.js';
import { purgeOldRollups, ROLLUP_WATERMARK, rollUpProviderEvents } from './rollup.js';
import { ROLLUP_LOCK_ID } from './rollup-repo.js';
import { rollUpAll } from './rollup.test-helpers.js';

const database = await createTestDatabase();
const { db } = database;
afterAll(() => database.close());

type EventRow = typeof providerEvents.$inferInsert;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const LEVEL_MS: Record<RollupLevel, number> = { minute: MINUTE, hour: HOUR, day: DAY };

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `n` events of one org over `spanMs` from `from`, across two integrations and several kinds. */
function makeEvents(orgId: string, n: number, from: number, spanMs: number, seed = 1): EventRow[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const integrations = [
    { integrationId: randomUUID(), provider: 'twilio' as const, channel: 'sms' },
    { integrationId: randomUUID(), provider: 'sendgrid' as const, channel: 'email' },
  ];
  const kinds = [
    { kind: 'send', outcomes: ['ok', 'retryable', 'permanent'], latency: true, channel: true },
    { kind: 'callback', outcomes: ['accepted', 'duplicate'], latency: false, channel: true },
    { kind: 'connection_test', outcomes: ['ok'], latency: true, channel: false },
    { kind: 'delivery', outcomes: ['delivered'], latency: true, channel: true },
  ];
  return Array.from({ length: n }, () => {
    const integration = pick(integrations);
    const kind = pick(kinds);
    return {
      id: uuidv7(),
      orgId,
      integrationId: integration.integrationId,
      provider: integration.provider,
      channel: kind.channel ? integration.channel : null,
      kind: kind.kind,
      outcome: pick(kind.outcomes),
      latencyMs: kind.latency ? (next() < 0.1 ? 0 : Math.floor(next() ** 3 * 120_000)) : null,
      occurredAt: new Date(from + Math.floor(next() * spanMs)),
    };
  });
}

/** What the rollup rows of these events must be, computed from the raw rows alone. */
function expectedRollups(events: EventRow[]) {
  const rows = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const at = e.occurredAt!.getTime();
    for (const level of ['minute', 'hour', 'day'] as const) {
      const bucketStart = new Date(Math.floor(at / LEVEL_MS[level]) * LEVEL_MS[level]);
      const channel = e.channel ?? '';
      const key = [
        e.orgId,
        level,
        bucketStart.toISOString(),
        e.integrationId,
        e.kind,
        e.outcome,
        channel,
      ].join('|');
      const row = (rows.get(key) ?? {
        orgId: e.orgId,
        level,
        bucketStart,
        integrationId: e.integrationId,
        provider: e.provider,
        channel,
        kind: e.kind,
        outcome: e.outcome,
        events: 0,
        latencyCount: 0,
        latencySum: 0,
        latencyHist: null,
        lastAt: new Date(0),
      }) as {
        events: number;
        latencyCount: number;
        latencySum: number;
        latencyHist: LatencyHistogram | null;
        lastAt: Date;
      };
      row.events += 1;
      if (e.latencyMs != null) {
        row.latencyCount += 1;
        row.latencySum += e.latencyMs;
        row.latencyHist = addToHistogram(row.latencyHist ?? {}, e.latencyMs);
      }
      if (at > row.lastAt.getTime()) row.lastAt = new Date(at);
      rows.set(key, row);
    }
  }
  return sortRows([...rows.values()]);
}

function sortRows<T>(rows: T[]): T[] {
  const key = (r: T) => {
    const x = r as {
      level: string;
      bucketStart: Date;
      integrationId: string;
      kind: string;
      outcome: string;
      channel: string;
    };
    return [
      x.level,
      x.bucketStart.toISOString(),
      x.integrationId,
      x.kind,
      x.outcome,
      x.channel,
    ].join('|');
  };
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function rollupsOf(orgIds: string[]) {
  const rows = await db
    .select()
    .from(providerRollups)
    .where(inArray(providerRollups.orgId, orgIds));
  return sortRows(rows);
}

async function insert(events: EventRow[]) {
  for (let i = 0; i < events.length; i += 1_000) {
    await db.insert(providerEvents).values(events.slice(i, i + 1_000));
  }
}

async function watermark() {
  const [row] = await db
    .select()
    .from(rollupWatermarks)
    .where(eq(rollupWatermarks.name, ROLLUP_WATERMARK));
  return row;
}

describe('rollup of provider events', () => {
  it('counts events, latency and histograms at the minute, hour and day levels exactly as the raw events say', async () => {
    const orgs = [randomUUID(), randomUUID()];
    // Across a UTC midnight, so every level has several buckets.
    const from = Date.UTC(2026, 10, 30, 21, 30);
    const events = [
      ...makeEvents(orgs[0]!, 400, from, 5 * HOUR, 1),
      ...makeEvents(orgs[1]!, 150, from, 3 * HOUR, 2),
    ];
    await insert(events);
    // Small batches: each bucket is written by several batches and merged in the database.
    const counted = await rollUpAll(db, { batchSize: 37, maxBatches: 1_000 });
    expect(counted).toBeGreaterThanOrEqual(events.length);

    expect(await rollupsOf(orgs)).toEqual(expectedRollups(events));
    for (const level of ['minute', 'hour', 'day'] as const) {
      const rows = await rollupsOf(orgs);
      const total = rows.filter((r) => r.level === level).reduce((n, r) => n + r.events, 0);
      expect(total).toBe(events.length);
    }

    // Running again counts nothing twice.
    expect(await rollUpProviderEvents(db)).toEqual({ counted: 0, lagSeconds: null });
    expect(await rollupsOf(orgs)).toEqual(expectedRollups(events));
  });

  it('keeps last_at to the microsecond, as occurred_at was written', async () => {
    const orgId = randomUUID();
    const integrationId = randomUUID();
    await db.execute(sql`
      insert into provider_events (id, org_id, integration_id, provider, kind, outcome, occurred_at)
      values (${uuidv7()}, ${orgId}, ${integrationId}, 'twilio', 'callback', 'accepted',
              '2026-11-30 10:00:00.123456+00'),
             (${uuidv7()}, ${orgId}, ${integrationId}, 'twilio', 'callback', 'accepted',
              '2026-11-30 10:00:00.123457+00')`);
    await rollUpAll(db);
    const rows = await queryRows<{ level: string; exact: boolean }>(
      db,
      sql`select level, last_at = '2026-11-30 10:00:00.123457+00'::timestamptz as exact
          from provider_rollups where org_id = ${orgId} order by level`,
    );
    expect(rows).toEqual([
      { level: 'day', exact: true },
      { level: 'hour', exact: true },
      { level: 'minute', exact: true },
    ]);
  });

  it('adds a late event (occurred yesterday, written now) to yesterday’s buckets: found by transaction, not by time', async () => {
    const orgId = randomUUID();
    const yesterday = Date.now() - DAY;
    const first = makeEvents(orgId, 20, yesterday, MINUTE, 3);
    await insert(first);
    await rollUpAll(db);
    const late = { ...first[0]!, id: uuidv7(), occurredAt: new Date(yesterday + 30_000) };
    const today = makeEvents(orgId, 5, Date.now() - MINUTE, MINUTE, 4);
    await insert([late, ...today]);
    expect(await rollUpAll(db)).toBeGreaterThanOrEqual(6);
    expect(await rollupsOf([orgId])).toEqual(expectedRollups([...first, late, ...today]));
  });

  it('leaves rollups, watermark and metrics as they were when a batch fails before commit; the next run counts it once', async () => {
    await rollUpAll(db);
    const orgId = randomUUID();
    const events = makeEvents(orgId, 30, Date.UTC(2026, 10, 1, 12), HOUR, 5);
    await insert(events);
    const before = { mark: await watermark(), all: await db.select().from(providerRollups) };
    const metrics = createMetrics();

    await expect(
      rollUpProviderEvents(db, {
        metrics,
        beforeCommit: () => {
          throw new Error('crash after the upserts');
        },
      }),
    ).rejects.toThrow('crash after the upserts');
    expect(await watermark()).toEqual(before.mark);
    expect(sortRows(await db.select().from(providerRollups))).toEqual(sortRows(before.all));
    expect((await metrics.providerEvents.get()).values).toEqual([]);

    await rollUpAll(db, { metrics });
    expect(await rollupsOf([orgId])).toEqual(expectedRollups(events));
    expect((await watermark())!.counted).toBe(before.mark!.counted + events.length);
  });

  it.skipIf(database.kind === 'pglite')(
    'counts an event whose transaction was still open during a run in a later run, never skipping it (PostgreSQL only: PGlite has one connection, so no transaction is open while the rollup runs)',
    async () => {
      if (database.kind !== 'postgres') return;
      await rollUpAll(db);
      const orgId = randomUUID();
      const [open, committed] = makeEvents(orgId, 2, Date.now() - MINUTE, 1_000, 6);
      const client = await database.pool.connect();
      try {
        await client.query('begin');
        await client.query(
          `insert into provider_events (id, org_id, integration_id, provider, channel, kind,
             outcome, latency_ms, occurred_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            open!.id,
            orgId,
            open!.integrationId,
            open!.provider,
            open!.channel,
            open!.kind,
            open!.outcome,
            open!.latencyMs,
            open!.occurredAt,
          ],
        );
        // Written after the open one by a transaction with a later id, and committed first.
        await insert([committed!]);
        const run = await rollUpProviderEvents(db);
        expect(await rollupsOf([orgId])).toEqual([]);
        // Not caught up: the committed event waits behind the open transaction, and says so.
        expect(run.lagSeconds).not.toBeNull();
        await client.query('commit');
      } finally {
        client.release();
      }
      await rollUpAll(db);
      expect(await rollupsOf([orgId])).toEqual(expectedRollups([open!, committed!]));
    },
  );

  it.skipIf(database.kind === 'pglite')(
    'lets one process count at a time: a run while another holds the lock counts nothing (PostgreSQL only: PGlite is one process)',
    async () => {
      if (database.kind !== 'postgres') return;
      await rollUpAll(db);
      const orgId = randomUUID();
      await insert(makeEvents(orgId, 3, Date.now(), 1_000, 7));
      const client = await database.pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [ROLLUP_LOCK_ID]);
        expect((await rollUpProviderEvents(db)).counted).toBe(0);
        await client.query('select pg_advisory_unlock($1)', [ROLLUP_LOCK_ID]);
      } finally {
        client.release();
      }
      expect(await rollUpAll(db)).toBeGreaterThanOrEqual(3);
    },
  );

  it('reads percentiles from hour rows within 1% of the exact nearest-rank percentiles of the raw events', async () => {
    const from = Date.UTC(2026, 10, 2, 8);
    const sample = fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 6 * HOUR - 1 }),
        latency: fc.oneof(
          fc.integer({ min: 0, max: 50 }),
          fc.integer({ min: 1, max: 5_000 }),
          fc.integer({ min: 1, max: 3_600_000 }),
        ),
      }),
      { minLength: 1, maxLength: 300 },
    );
    await fc.assert(
      fc.asyncProperty(sample, async (points) => {
        const orgId = randomUUID();
        const integrationId = randomUUID();
        await insert(
          points.map((p) => ({
            id: uuidv7(),
            orgId,
            integrationId,
            provider: 'twilio' as const,
            channel: 'sms',
            kind: 'send',
            outcome: 'ok',
            latencyMs: p.latency,
            occurredAt: new Date(from + p.offset),
          })),
        );
        await rollUpAll(db);
        const hours = await db
          .select({ hist: providerRollups.latencyHist })
          .from(providerRollups)
          .where(and(eq(providerRollups.orgId, orgId), eq(providerRollups.level, 'hour')));
        const merged = hours.reduce<LatencyHistogram>((h, r) => mergeHistograms(h, r.hist), {});
        const sorted = points.map((p) => p.latency).sort((a, b) => a - b);
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
          const read = histogramQuantile(merged, q)!;
          expect(Math.abs(read - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * exact + 1e-9);
        }
      }),
      { seed: 20261204, numRuns: 25 },
    );
  });

  it('counts each event into the Prometheus counter and latency histogram once; the org label only when asked', async () => {
    await rollUpAll(db);
    const orgId = randomUUID();
    const events = makeEvents(orgId, 40, Date.now() - MINUTE, 1_000, 8);
    await insert(events);
    const metrics = createMetrics();
    await rollUpAll(db, { metrics });
    await rollUpAll(db, { metrics });
    const counter = (await metrics.providerEvents.get()).values;
    expect(counter.reduce((n, v) => n + v.value, 0)).toBe(events.length);
    const sends = events.filter(
      (e) => e.kind === 'send' && e.outcome === 'ok' && e.provider === 'twilio',
    );
    expect(
      counter.find(
        (v) =>
          v.labels.kind === 'send' && v.labels.outcome === 'ok' && v.labels.provider === 'twilio',
      )?.value ?? 0,
    ).toBe(sends.length);
    expect(counter.every((v) => v.labels.org === undefined)).toBe(true);
    const latencyCount = (await metrics.providerLatency.get()).values
      .filter((v) => v.metricName === 'switchboard_provider_latency_seconds_count')
      .reduce((n, v) => n + v.value, 0);
    expect(latencyCount).toBe(events.filter((e) => e.latencyMs != null).length);
    expect((await metrics.rollupLag.get()).values[0]?.value).toBe(0);

    const withOrg = createMetrics();
    await insert(makeEvents(orgId, 3, Date.now(), 1_000, 9));
    await rollUpAll(db, { metrics: withOrg, orgLabel: true });
    const labelled = (await withOrg.providerEvents.get()).values;
    expect(labelled.reduce((n, v) => n + v.value, 0)).toBe(3);
    expect(labelled.every((v) => v.labels.org === orgId)).toBe(true);
    expect(await withOrg.registry.metrics()).toContain(`org="${orgId}"`);
  });

  it('reports the lag of the oldest event not counted yet, and null once caught up', async () => {
    await rollUpAll(db);
    const now = new Date();
    const orgId = randomUUID();
    await insert(makeEvents(orgId, 10, now.getTime() - 120_000, 1, 10));
    const metrics = createMetrics();
    const partial = await rollUpProviderEvents(db, { batchSize: 4, maxBatches: 1, now, metrics });
    expect(partial.counted).toBe(4);
    expect(partial.lagSeconds).toBe(120);
    expect((await metrics.rollupLag.get()).values[0]?.value).toBe(120);
    expect((await watermark())!.lagSeconds).toBe(120);
    expect(await rollUpAll(db, { now })).toBe(6);
    expect((await watermark())!.lagSeconds).toBeNull();
  });

  it('deletes minute rows past RETENTION_DAYS and hour and day rows past ROLLUP_RETENTION_DAYS, in bounded batches', async () => {
    const now = new Date(Date.UTC(2026, 11, 4, 12));
    const orgs = [randomUUID(), randomUUID()];
    const row = (orgId: string, level: RollupLevel, daysAgo: number, kind = 'send') => ({
      orgId,
      level,
      bucketStart: new Date(now.getTime() - daysAgo * DAY),
      integrationId: orgId,
      provider: 'twilio' as const,
      kind,
      outcome: 'ok',
      events: 1,
      lastAt: new Date(now.getTime() - daysAgo * DAY),
    });
    const kept = orgs.flatMap((o) => [
      row(o, 'minute', 89),
      row(o, 'hour', 91),
      row(o, 'hour', 729),
      row(o, 'day', 729),
    ]);
    const gone = orgs.flatMap((o) => [
      row(o, 'minute', 91),
      row(o, 'minute', 91, 'callback'),
      row(o, 'minute', 400),
      row(o, 'hour', 731),
      row(o, 'day', 731),
      row(o, 'day', 900),
    ]);
    await db.insert(providerRollups).values([...kept, ...gone]);
    const opts = { retentionDays: 90, rollupRetentionDays: 730, now, batchSize: 2 };
    expect(await purgeOldRollups(db, opts)).toMatchObject({ minute: 6, hour: 2, day: 4 });
    const left = await rollupsOf(orgs);
    expect(left.map((r) => [r.orgId, r.level, r.bucketStart])).toEqual(
      sortRows(kept).map((r) => [r.orgId, r.level, r.bucketStart]),
    );
    expect(await purgeOldRollups(db, opts)).toEqual({ minute: 0, hour: 0, day: 0 });
  });

  it('runs as the monitoring.rollup sweep every 2 s and the daily monitoring.rollup-retention job', async () => {
    const metrics = createMetrics();
    const jobs = monitoringJobs({
      db,
      metrics,
      retentionDays: 90,
      rollupRetentionDays: 730,
      orgLabel: false,
    });
    expect(jobs).toMatchObject([
      { name: 'monitoring.rollup', everySeconds: 2 },
      { name: 'monitoring.rollup-retention', cron: expect.any(String) },
    ]);
    await rollUpAll(db);
    const orgId = randomUUID();
    const events = makeEvents(orgId, 5, Date.now(), 1_000, 11);
    await insert(events);
    for (let i = 0; i < 50 && (await rollupsOf([orgId])).length === 0; i++) {
      await jobs[0]!.handler({}, { id: 'tick', retryCount: 0 });
    }
    expect(await rollupsOf([orgId])).toEqual(expectedRollups(events));
    await jobs[1]!.handler({}, { id: 'daily', retryCount: 0 });
  });
});
