// Campaign sending on PostgreSQL, in one run:
// (a) the sandbox allows N sends/s (token bucket, 429 beyond): a campaign limited to N/s
//     reaches >= 0.9 x N with zero 429s (two dispatchers share the limit through the database);
// (b) no limit, zero sandbox latency: the pipeline's messages/s (claim, suppression check,
//     render, HTTP send to the sandbox, result and history writes) against pg-boss's own no-op
//     job throughput on the same database (target >= 0.5x): workers that fetch and complete
//     batches back to back, pg-boss's ceiling (its `work()` loop pauses for its polling interval
//     between batches, which would measure the interval, not pg-boss). For reference, the same
//     number of provider calls alone, without any database work.
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Knobs } from '../sandbox/index.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres, queryRows, type Database } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { createSendPipeline } from '../server/src/features/sending/index.js';
import * as twilio from '../server/src/providers/twilio/index.js';
import { generateFernetKey } from '../server/src/platform/crypto/fernet.js';
import { createJobRunner, defineJob } from '../server/src/platform/jobs/registry.js';
import type { OrgContext } from '../server/src/platform/tenancy.js';
import { jobsOf } from '../server/src/platform/module.js';
import { createServices, type Services } from '../server/src/services.js';
import { z } from 'zod';
import { benchOwner } from './lib/owner.js';
import type { Measurement } from './lib/report.js';
import { dropDatabase, freshDatabase } from './lib/served.js';

const DB_NAME = 'switchboard_bench_campaigns';
const ALLOWANCE = Number(process.env.BENCH_ALLOWANCE ?? 200);
const PACED_SECONDS = 10;
const UNLIMITED = Number(process.env.BENCH_MESSAGES ?? 5000);
const DISPATCHERS = 3;

/** The sandbox in a child process, so the emulators do not eat the measured process's CPU. */
const TWILIO_SID = `AC${'b'.repeat(32)}`;
const TWILIO_TOKEN = 'benchtoken12345678';

export async function sandboxProcess() {
  const child = fork(fileURLToPath(new URL('./lib/sandbox-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('error', reject);
  });
  return {
    url,
    async knobs(values: Partial<Knobs>) {
      const res = await fetch(`${url}/_knobs`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(values),
      });
      if (!res.ok) throw new Error(`knobs: ${res.status}`);
    },
    close() {
      child.disconnect();
    },
  };
}

/** Provider answers of this integration that were 429s (the sandbox's allowance at work). */
async function rateLimited(database: Database, integrationId: string) {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from provider_events
        where integration_id = ${integrationId} and outcome = 'rate_limited'`,
  );
  return Number(row?.n ?? 0);
}

let serial = 0;

/** n contacts with a phone each, in one group, inserted directly (the bench is not about import). */
export async function audience(database: Database, ctx: OrgContext, services: Services, n: number) {
  const group = await services.contactGroups.create(ctx, {
    name: `Bench ${uuidv7()}`,
    description: '',
  });
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, () => ({
      id: uuidv7(),
      // Ends in 9: never one of the sandbox's scripted failing numbers.
      phone: `+336${String(serial++).padStart(8, '0')}9`,
    }));
    const values = (f: (r: (typeof rows)[number]) => ReturnType<typeof sql>) =>
      sql.join(rows.map(f), sql`, `);
    await database.db.execute(
      sql`insert into contacts (id, org_id, name) values ${values((r) => sql`(${r.id}, ${ctx.orgId}, ${r.phone})`)}`,
    );
    await database.db.execute(
      sql`insert into contact_identities (id, org_id, contact_id, channel, value, normalized, match_key)
          values ${values((r) => sql`(${uuidv7()}, ${ctx.orgId}, ${r.id}, 'phone', ${r.phone}, ${r.phone}, ${r.phone})`)}`,
    );
    await database.db.execute(
      sql`insert into contact_group_members (org_id, group_id, contact_id)
          values ${values((r) => sql`(${ctx.orgId}, ${group.id}, ${r.id})`)}`,
    );
  }
  return group.id;
}

/** Runs dispatchers for the integration until the campaign completes; messages/s over the run. */
async function runCampaign(
  services: Services,
  database: Database,
  ctx: OrgContext,
  input: { integrationId: string; templateId: string; groupId: string; rate: number | null },
) {
  const campaign = await services.messaging.campaigns.create(ctx, {
    name: `Bench ${uuidv7()}`,
    templateId: input.templateId,
    integrationId: input.integrationId,
    audience: { groupIds: [input.groupId], contactIds: [] },
    rateLimitPerSecond: input.rate,
  });
  const pipeline = createSendPipeline({
    db: database.db,
    integrations: services.integrations,
    publicUrl: 'http://localhost:3000',
    unsubscribeLinks: services.unsubscribeLinks,
    renderer: services.renderer,
    logger: pino({ level: 'silent' }),
  });
  const launched = await services.messaging.campaigns.launch(ctx, campaign.id);
  const started = performance.now();
  const status = async () => (await services.messaging.campaigns.get(ctx, campaign.id)).status;
  await Promise.all(
    Array.from({ length: DISPATCHERS }, async () => {
      while ((await status()) === 'running') {
        await pipeline.dispatch({ orgId: ctx.orgId, integrationId: input.integrationId });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stats = (await services.messaging.campaigns.get(ctx, campaign.id)).stats;
  return { sent: stats.sent, total: launched.stats.total, seconds, rate: stats.sent / seconds };
}

/**
 * The provider calls alone: n sends straight to the sandbox (same process layout, same HTTP
 * client, the pipeline's concurrency), no database. A floor under what any pipeline that makes
 * one provider call per message can cost on this machine.
 */
async function providerCallsAlone(sandboxUrl: string, n: number) {
  const endpoint = { baseUrl: `${sandboxUrl}/twilio` };
  const creds = { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: DISPATCHERS * 32 }, async () => {
      while (next < n) {
        const i = next++;
        const res = await twilio.sendMessage(endpoint, creds, {
          to: `+336${String(i).padStart(8, '0')}9`,
          from: '+14155550100',
          body: 'Hello from the benchmark',
        });
        if (!res.ok) throw new Error(`sandbox send failed: ${res.error.class}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: n / seconds, seconds };
}

/** pg-boss on the same database: n no-op jobs queued, then worked in batches; jobs/s. */
async function pgBossNoop(database: Database, n: number) {
  const noop = defineJob({
    name: 'bench.noop',
    schema: z.object({ i: z.number() }),
    retry: { limit: 0, delaySeconds: 1 },
    handler: async () => {},
  });
  const runner = createJobRunner(database, pino({ level: 'silent' }));
  await runner.start({ work: false, jobs: [noop] });
  for (let i = 0; i < n; i += 1000) {
    await runner.boss.insert(
      noop.name,
      Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ data: { i: i + k } })),
    );
  }
  // Workers that fetch the next batch as soon as one is done (no polling pause): pg-boss's own
  // throughput on this database, the ceiling any job-based pipeline could reach.
  let ran = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: DISPATCHERS }, async () => {
      for (;;) {
        const jobs = await runner.boss.fetch<{ i: number }>(noop.name, { batchSize: 100 });
        if (!jobs.length) return;
        for (const job of jobs) await noop.handler(job.data, { id: job.id, retryCount: 0 });
        ran += jobs.length;
        await runner.boss.complete(
          noop.name,
          jobs.map((j) => j.id),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  if (ran !== n) throw new Error(`pg-boss no-op: ${ran} of ${n} jobs ran`);
  return { rate: n / seconds, seconds };
}

export async function campaignsBench(): Promise<Measurement[]> {
  const sandbox = await sandboxProcess();
  // Callbacks are dropped: processing them is not what this measures.
  await sandbox.knobs({ callbackLossRate: 1 });
  // Development mode: production refuses the sandbox, which stands in for the provider here.
  const config = loadConfig({
    NODE_ENV: 'development',
    PUBLIC_URL: 'http://localhost:3000',
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-1234',
    LOG_LEVEL: 'silent',
    SANDBOX: 'true',
    SANDBOX_URL: sandbox.url,
  });
  const database = openPostgres(await freshDatabase(DB_NAME), { poolSize: config.dbPoolSize });
  const rows: Measurement[] = [];
  try {
    await runMigrations(database);
    const services = createServices(config, database, { logger: pino({ level: 'silent' }) });
    // Launch enqueues the dispatcher; the bench runs the dispatchers itself, so the queue only
    // needs to exist.
    const jobs = services.jobs;
    await jobs.start({ work: false, jobs: jobsOf(services.modules) });
    const { ctx } = await benchOwner(services, database.db);
    // Twilio: its emulator signs callbacks with HMAC; SendGrid's ECDSA signatures would make the
    // in-process sandbox, not the pipeline, the bottleneck on two cores.
    const integration = await services.integrations.create(ctx, {
      provider: 'twilio',
      sandbox: true,
      verification: 'enforced',
      credentials: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
      settings: { fromNumber: '+14155550100' },
    });
    const template = await services.templates.create(ctx, {
      name: 'Bench',
      channel: 'sms',
      subject: null,
      body: 'Hi {{ contact.name }}, {{ offer }}',
      text: null,
      variables: [{ name: 'offer', type: 'string', required: false, default: 'a deal' }],
    });

    // (a) paced by the sandbox's allowance
    await sandbox.knobs({ allowancePerSecond: ALLOWANCE });
    const pacedGroup = await audience(database, ctx, services, ALLOWANCE * PACED_SECONDS);
    const paced = await runCampaign(services, database, ctx, {
      integrationId: integration.id,
      templateId: template.id,
      groupId: pacedGroup,
      rate: ALLOWANCE,
    });
    const throttled = await rateLimited(database, integration.id);
    console.log(
      `  (a) allowance ${ALLOWANCE}/s: ${paced.sent}/${paced.total} sent in ${paced.seconds.toFixed(1)} s ` +
        `= ${paced.rate.toFixed(1)} msg/s (${(paced.rate / ALLOWANCE).toFixed(3)}x), 429s from the sandbox: ${throttled}`,
    );
    rows.push({
      name: 'campaign at a provider allowance',
      value: paced.rate,
      unit: 'msg/s',
      baseline: { value: ALLOWANCE, label: 'allowance' },
      target: {
        text: `>= 0.9x allowance, zero 429 (${throttled})`,
        met: paced.rate >= 0.9 * ALLOWANCE && throttled === 0 && paced.sent === paced.total,
      },
    });

    // (b) unlimited, against pg-boss no-op jobs on the same database
    await sandbox.knobs({ allowancePerSecond: 0, latencyMs: 0 });
    const fastGroup = await audience(database, ctx, services, UNLIMITED);
    const fast = await runCampaign(services, database, ctx, {
      integrationId: integration.id,
      templateId: template.id,
      groupId: fastGroup,
      rate: null,
    });
    console.log(
      `  (b) pipeline, no limit: ${fast.sent}/${fast.total} sent in ${fast.seconds.toFixed(1)} s = ${fast.rate.toFixed(0)} msg/s ` +
        `(${DISPATCHERS} dispatchers, batches of 200, 32 sends in flight each)`,
    );
    const boss = await pgBossNoop(database, UNLIMITED);
    console.log(
      `  (b) pg-boss no-op: ${UNLIMITED} jobs in ${boss.seconds.toFixed(1)} s = ${boss.rate.toFixed(0)} jobs/s ` +
        `(batchSize 100, ${DISPATCHERS} workers)`,
    );
    const calls = await providerCallsAlone(sandbox.url, UNLIMITED);
    console.log(
      `  (b) reference: the ${UNLIMITED} provider calls alone, no database: ${calls.rate.toFixed(0)} calls/s ` +
        `(${(calls.rate / boss.rate).toFixed(2)}x pg-boss no-op)`,
    );
    rows.push({
      name: 'campaign pipeline, no limit',
      value: fast.rate,
      unit: 'msg/s',
      baseline: { value: boss.rate, label: 'pg-boss no-op jobs/s' },
      target: { text: '>= 0.5x pg-boss no-op', met: fast.rate >= 0.5 * boss.rate },
    });
  } finally {
    await database.close();
    sandbox.close();
    await dropDatabase(DB_NAME);
  }
  return rows;
}
