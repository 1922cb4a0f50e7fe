// Alert evaluation at scale on PostgreSQL (issue 16): 1,000 rules of every kind, scope and a
// range of windows (5 min to a day) over the rollups of the monitoring bench's 10 M events,
// evaluated cycle after cycle by the real job's function. A quarter of the failure-rate rules sit
// under the seeded 3 % failure rate, so alerts open on the first cycle and are updated on every
// one after. The floor: the same cycle's rollup reads alone (one query per window length, as the
// evaluation issues them for a batch of organizations, without its claims, transitions or
// transactions).
import { performance } from 'node:perf_hooks';
import { uuidv7 } from 'uuidv7';
import { loadConfig } from '../server/src/config.js';
import { openPostgres } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { evaluateAlertRules } from '../server/src/features/alerts/index.js';
import { loadWindow } from '../server/src/features/alerts/evaluate.js';
import { createServices } from '../server/src/services.js';
import { seedMonitoringData } from './lib/monitoring-data.js';
import { benchOwner } from './lib/owner.js';
import type { Measurement } from './lib/report.js';
import { freshDatabase, productionEnv } from './lib/served.js';

const DB_NAME = 'switchboard_bench_alerts';
const EVENTS = Number(process.env.BENCH_MONITORING_EVENTS ?? 10_000_000);
const RULES = 1_000;
const CYCLES = 10;
const WINDOWS = [5, 15, 30, 60, 240, 1440];
const MINUTE = 60_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface RuleRow {
  org_id: string;
  kind: string;
  scope_integration_id: string | null;
  scope_provider: string | null;
  latency_metric: string | null;
  threshold: number;
  window_minutes: number;
  min_events: number;
}

/** Rule `i` of RULES: kinds, scopes and windows in rotation over both organizations. */
function ruleOf(i: number, orgs: { orgId: string; integrations: string[] }[]): RuleRow {
  const org = orgs[i % 5 === 0 ? 1 : 0]!;
  const scope = i % 3;
  const window = WINDOWS[i % WINDOWS.length]!;
  const base = {
    org_id: org.orgId,
    scope_integration_id: scope === 0 ? org.integrations[i % org.integrations.length]! : null,
    scope_provider: scope === 1 ? (['sendgrid', 'twilio', 'telegram'] as const)[i % 3]! : null,
    latency_metric: null,
    window_minutes: window,
  };
  switch (i % 4) {
    case 0: // Every fourth failure-rate rule breaches (3 % seeded failures).
      return { ...base, kind: 'failure_rate', threshold: i % 16 === 0 ? 0.01 : 0.2, min_events: 5 };
    case 1:
      return {
        ...base,
        kind: 'latency_p95',
        latency_metric: i % 8 === 1 ? 'delivery' : 'send',
        threshold: 30_000,
        min_events: 5,
      };
    case 2:
      return { ...base, kind: 'callback_silence', threshold: 0, min_events: 1 };
    default:
      return { ...base, kind: 'signature_rejections', threshold: 1_000_000, min_events: 0 };
  }
}

export async function alertsBench(): Promise<Measurement[]> {
  const url = await freshDatabase(DB_NAME);
  const database = openPostgres(url, { poolSize: 6 });
  if (database.kind !== 'postgres') throw new Error('PostgreSQL only');
  const config = loadConfig(productionEnv(3000, url, { LOG_LEVEL: 'silent' }));
  const services = createServices(config, database);
  try {
    await runMigrations(database);
    const owners = [
      await benchOwner(services, database.db),
      await benchOwner(services, database.db),
    ];
    const { integrations } = await seedMonitoringData(database, services, {
      orgIds: owners.map((o) => o.orgId),
      events: [EVENTS, Math.round(EVENTS / 5)],
    });
    const orgs = owners.map((o, i) => ({ orgId: o.orgId, integrations: integrations[i]! }));

    const rules = Array.from({ length: RULES }, (_, i) => ruleOf(i, orgs));
    await database.pool.query(
      `insert into alert_rules (id, org_id, name, kind, scope_integration_id, scope_provider,
                                latency_metric, threshold, window_minutes, min_events, severity)
       select r.id, r.org_id, 'Rule ' || r.n, r.kind, r.scope_integration_id, r.scope_provider,
              r.latency_metric, r.threshold, r.window_minutes, r.min_events, 'warning'
         from json_to_recordset($1::json) as r(id uuid, n int, org_id uuid, kind text,
              scope_integration_id uuid, scope_provider text, latency_metric text,
              threshold float8, window_minutes int, min_events int)`,
      [JSON.stringify(rules.map((r, n) => ({ ...r, id: uuidv7(), n })))],
    );
    await database.pool.query('analyze alert_rules');

    // Cycles on consecutive minutes ending now, as the job runs them; alternating with the floor.
    const start = Date.now() - CYCLES * MINUTE;
    const cycles: number[] = [];
    const floors: number[] = [];
    const results = [];
    for (let c = 0; c < CYCLES; c++) {
      const now = new Date(start + c * MINUTE);
      const t = performance.now();
      results.push(await evaluateAlertRules(database.db, { tickSeconds: 60, now }));
      cycles.push(performance.now() - t);

      const minute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
      const f = performance.now();
      // All RULES fit one batch of whole organizations: one read per window length.
      for (const w of new Set(rules.map((r) => r.window_minutes))) {
        const inWindow = rules.filter((r) => r.window_minutes === w);
        await loadWindow(
          database.db,
          [...new Set(inWindow.map((r) => r.org_id))],
          w,
          minute,
          inWindow.some((r) => r.kind === 'latency_p95'),
        );
      }
      floors.push(performance.now() - f);
    }
    const first = results[0]!;
    const last = results.at(-1)!;
    console.log(
      `  first cycle: ${first.evaluated} rules, ${first.opened} opened; ` +
        `last: ${last.evaluated} rules, ${last.updated} updated, ${last.resolved} resolved`,
    );
    if (results.some((r) => r.evaluated !== RULES)) {
      throw new Error(`a cycle did not evaluate every rule: ${JSON.stringify(results)}`);
    }
    const worst = Math.max(...cycles);
    return [
      {
        name: `alerts: evaluate ${RULES} rules over ${EVENTS / 1e6} M events' rollups, per cycle (median)`,
        value: median(cycles) / 1000,
        unit: 's',
        baseline: { value: median(floors) / 1000, label: 'the same rollup reads alone' },
        target: { text: '≤ 5 s per cycle', met: worst <= 5_000 },
      },
      {
        name: 'alerts: slowest cycle (the first opens the alerts)',
        value: worst / 1000,
        unit: 's',
      },
    ];
  } finally {
    await services.close();
    await database.close();
  }
}
