// Monitoring at scale on PostgreSQL (issue 15): 10 M provider events over 30 days in one org
// (plus 2 M in others), seeded with generate_series and rolled up by the real rollup. Measures
// the overview and a 30-day hourly series through the service (tenant transactions, as the API
// runs them) against the same answer computed from the raw events in the same run; the rollup's
// catch-up rate and its lag under 5,000 events/s of ingest; and the rollup's storage against the
// raw table's.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { openPostgres } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { rollUpProviderEvents } from '../server/src/features/monitoring/rollup.js';
import { createServices } from '../server/src/services.js';
import { DAYS, seedMonitoringData } from './lib/monitoring-data.js';
import { benchOwner } from './lib/owner.js';
import type { Measurement } from './lib/report.js';
import { freshDatabase, productionEnv } from './lib/served.js';

const DB_NAME = 'switchboard_bench_monitoring';
const EVENTS = Number(process.env.BENCH_MONITORING_EVENTS ?? 10_000_000);
const OTHER_EVENTS = Math.round(EVENTS / 5);
const SAMPLES = 40;
const RAW_SAMPLES = 3;
const INGEST_PER_SECOND = 5_000;
const INGEST_SECONDS = 30;

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

async function timed(samples: number, fn: () => Promise<unknown>, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The overview's and the hourly series' numbers computed from the raw events: the baseline. */
async function fromRaw(client: pg.ClientBase, orgId: string, from: Date, to: Date) {
  await client.query(
    `select integration_id, kind, outcome, count(*),
            percentile_disc(array[0.5, 0.95, 0.99]) within group (order by latency_ms)
       from provider_events
      where org_id = $1 and occurred_at >= $2 and occurred_at < $3
      group by 1, 2, 3`,
    [orgId, from, to],
  );
  await client.query(
    `select date_trunc('hour', occurred_at), provider, count(*)
       from provider_events
      where org_id = $1 and occurred_at >= $2 and occurred_at < $3 and kind = 'send'
      group by 1, 2`,
    [orgId, from, to],
  );
}

export async function monitoringBench(): Promise<Measurement[]> {
  const url = await freshDatabase(DB_NAME);
  const database = openPostgres(url, { poolSize: 6 });
  if (database.kind !== 'postgres') throw new Error('PostgreSQL only');
  const config = loadConfig(productionEnv(3000, url, { LOG_LEVEL: 'silent' }));
  const services = createServices(config, database);
  try {
    await runMigrations(database);
    const { orgId, ctx } = await benchOwner(services, database.db);
    const other = await benchOwner(services, database.db);
    const { counted, catchUp } = await seedMonitoringData(database, services, {
      orgIds: [orgId, other.orgId],
      events: [EVENTS, OTHER_EVENTS],
    });
    // Steady state: autovacuum has had its turn. Right after a 12 M-event catch-up the table holds
    // more dead row versions than live ones, and every read wades through them (2–3× slower).
    await database.pool.query('vacuum analyze provider_rollups');

    const to = new Date();
    const from = new Date(to.getTime() - DAYS * 86_400_000);
    const range = { from: from.toISOString(), to: to.toISOString() };
    const overview = await timed(SAMPLES, () => services.monitoring.overview(ctx, range));
    const series = await timed(SAMPLES, () =>
      services.monitoring.series(ctx, {
        ...range,
        granularity: 'hour',
        metric: 'volume',
        groupBy: 'provider',
      }),
    );
    const latency = await timed(SAMPLES, () =>
      services.monitoring.series(ctx, {
        ...range,
        granularity: 'hour',
        metric: 'latency_p95',
        latency: 'delivery',
      }),
    );
    const both = overview.map((o, i) => o + series[i]!);
    const rawClient = await database.pool.connect();
    let raw: number[];
    try {
      raw = await timed(RAW_SAMPLES, () => fromRaw(rawClient, orgId, from, to), 1);
    } finally {
      rawClient.release();
    }

    // Lag under ingest: 5,000 events/s for 30 s (100 ms ticks) while the sweep runs every 2 s,
    // as the job does; the lag is the age of the oldest event not counted yet.
    const lags: number[] = [];
    let ingesting = true;
    const ingest = (async () => {
      const perTick = INGEST_PER_SECOND / 10;
      const until = performance.now() + INGEST_SECONDS * 1000;
      const ids = await database.pool.query<{ id: string }>(
        'select id from integrations where org_id = $1 order by id',
        [orgId],
      );
      let tick = 0;
      while (performance.now() < until) {
        const started = performance.now();
        await database.pool.query(
          `insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome, latency_ms)
           select gen_random_uuid(), $1, $2, 'twilio', 'sms', 'callback', 'accepted', 5
             from generate_series(1, $3::int)`,
          [orgId, ids.rows[tick++ % ids.rows.length]!.id, perTick],
        );
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - started))));
      }
      ingesting = false;
    })();
    while (ingesting) {
      const lag = await database.pool.query<{ lag: number | null }>(
        `select extract(epoch from now() - min(e.occurred_at))::float8 as lag
           from provider_events e, rollup_watermarks w
          where w.name = 'provider_rollups' and (e.ingest_xid, e.id) > (w.last_xid, w.last_id)`,
      );
      lags.push(lag.rows[0]?.lag ?? 0);
      await rollUpProviderEvents(database.db);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    await ingest;

    const size = await database.pool.query<{ raw: string; rollups: string; rows: string }>(
      `select pg_total_relation_size('provider_events') as raw,
              pg_total_relation_size('provider_rollups') as rollups,
              (select count(*) from provider_rollups) as rows`,
    );
    const rawMb = Number(size.rows[0]!.raw) / 2 ** 20;
    const rollupMb = Number(size.rows[0]!.rollups) / 2 ** 20;
    console.log(
      `  storage: provider_events ${rawMb.toFixed(0)} MB, provider_rollups ${rollupMb.toFixed(1)} MB (${size.rows[0]!.rows} rows)`,
    );
    const bothP95 = quantile(both, 0.95);
    const rawMedian = quantile(raw, 0.5);
    return [
      {
        name: 'monitoring: overview + 30-day hourly series, p95',
        value: bothP95,
        unit: 'ms',
        baseline: { value: rawMedian, label: 'the same from raw events, median' },
        target: {
          text: '≤ 100 ms and ≤ 1/20 of raw',
          met: bothP95 <= 100 && bothP95 <= rawMedian / 20,
        },
      },
      { name: 'monitoring: overview p95', value: quantile(overview, 0.95), unit: 'ms' },
      {
        name: 'monitoring: 30-day hourly volume series p95',
        value: quantile(series, 0.95),
        unit: 'ms',
      },
      {
        name: 'monitoring: 30-day hourly delivery p95 series p95',
        value: quantile(latency, 0.95),
        unit: 'ms',
      },
      { name: 'monitoring: rollup catch-up', value: counted / catchUp, unit: 'events/s' },
      {
        name: 'monitoring: rollup lag at 5,000 events/s ingest, max',
        value: Math.max(...lags),
        unit: 's',
        target: { text: '≤ 10 s', met: Math.max(...lags) <= 10 },
      },
      {
        name: 'monitoring: rollup storage',
        value: rollupMb,
        unit: 'MB',
        baseline: { value: rawMb, label: 'provider_events' },
      },
    ];
  } finally {
    await services.close();
    await database.close();
  }
}
