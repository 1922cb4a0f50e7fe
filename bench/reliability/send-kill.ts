// Reliability: `kill -9` of a worker mid-campaign (issue 14, finding 6). A worker process sends a
// campaign to the sandbox (a process of its own, every answer slowed so that sends are in flight)
// and is SIGKILLed while it holds claims; a fresh worker starts at once. Measured: how long the
// messages that were `sending` at the kill wait until they are sent (target <= 15 s: the lease,
// 8 s, plus the 2 s lease sweep, plus the lookup and the send), and that no recipient got the message twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../../server/src/config.js';
import { openPostgres, queryRows } from '../../server/src/db/client.js';
import { runMigrations } from '../../server/src/db/migrate.js';
import { projectRoot } from '../../server/src/lib/paths.js';
import { generateFernetKey } from '../../server/src/platform/crypto/fernet.js';
import { jobsOf } from '../../server/src/platform/module.js';
import * as twilio from '../../server/src/providers/twilio/index.js';
import { createServices } from '../../server/src/services.js';
import { audience, sandboxProcess } from '../campaigns.js';
import { benchOwner } from '../lib/owner.js';
import type { Measurement } from '../lib/report.js';
import { dropDatabase, freshDatabase, sleep } from '../lib/served.js';

const DB_NAME = 'switchboard_reliability_sends';
const RECIPIENTS = 200;
const RATE = 20;
const LATENCY_MS = 500;
const TWILIO_SID = `AC${'c'.repeat(32)}`;
const TWILIO_TOKEN = 'sendkilltoken12345678';
const FROM = '+14155550100';

export async function sendKill(): Promise<Measurement[]> {
  const sandbox = await sandboxProcess();
  await sandbox.knobs({ callbackLossRate: 1 });
  const databaseUrl = await freshDatabase(DB_NAME);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-send-kill-'));
  // Development mode: production refuses the sandbox, which stands in for the provider here.
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://localhost:3000',
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'send-kill-session-secret-long-enough-1234',
    LOG_LEVEL: 'error',
    SANDBOX: 'true',
    SANDBOX_URL: sandbox.url,
  };
  const config = loadConfig(env);
  const database = openPostgres(databaseUrl, { poolSize: 4 });
  const workers: ChildProcess[] = [];
  const startWorker = () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot(), 'server/src/main.ts'), 'worker'],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    workers.push(child);
    return child;
  };
  try {
    await runMigrations(database);
    const services = createServices(config, database, { logger: pino({ level: 'silent' }) });
    await services.jobs.start({ work: false, jobs: jobsOf(services.modules) });
    const { ctx } = await benchOwner(services, database.db);
    const integration = await services.integrations.create(ctx, {
      provider: 'twilio',
      sandbox: true,
      verification: 'enforced',
      credentials: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
      settings: { fromNumber: FROM },
    });
    const template = await services.templates.create(ctx, {
      name: 'Send kill',
      channel: 'sms',
      subject: null,
      body: 'Hi {{ contact.name }}',
      text: null,
      variables: [],
    });
    const groupId = await audience(database, ctx, services, RECIPIENTS);
    await sandbox.knobs({ latencyMs: LATENCY_MS });

    const doomed = startWorker();
    // Up (and its dispatch workers polling) before the campaign starts.
    await sleep(8_000);
    const campaign = await services.messaging.campaigns.create(ctx, {
      name: 'Send kill',
      templateId: template.id,
      integrationId: integration.id,
      audience: { groupIds: [groupId], contactIds: [] },
      rateLimitPerSecond: RATE,
    });
    await services.messaging.campaigns.launch(ctx, campaign.id);
    const count = async (status: string) => {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from messages
            where campaign_id = ${campaign.id} and status = ${status}`,
      );
      return Number(row?.n ?? 0);
    };
    for (let i = 0; i < 600 && (await count('sent')) < 20; i++) await sleep(100);
    doomed.kill('SIGKILL');
    const killedAt = Date.now();
    // Another worker takes over (a restart, or the next process of a scaled deployment); its
    // start-up (seconds) runs while the dead worker's leases run out.
    startWorker();
    const inFlight = await queryRows<{ id: string; address: string }>(
      database.db,
      sql`select id, address from messages where campaign_id = ${campaign.id} and status = 'sending'`,
    );
    console.log(`  killed a worker (SIGKILL) with ${inFlight.length} messages sending`);

    const ids = inFlight.map((m) => m.id);
    const idList = sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    let settledAt = killedAt;
    for (let i = 0; i < 1_800 && ids.length; i++) {
      const [row] = await queryRows<{ open: number }>(
        database.db,
        sql`select count(*)::int as open from messages
            where id in (${idList}) and status in ('queued', 'sending')`,
      );
      settledAt = Date.now();
      if (Number(row?.open) === 0) break;
      if (process.env.BENCH_DEBUG && i % 20 === 0) {
        const jobs = await queryRows(
          database.db,
          sql`select state, singleton_key, start_after, started_on from pgboss.job
              where name = 'messaging.dispatch' and state in ('created', 'active', 'retry')`,
        );
        const leases = await queryRows(
          database.db,
          sql`select status, min(next_attempt_at) as lease, now() as now from messages
              where id in (${idList}) group by status`,
        );
        console.log(JSON.stringify({ t: (Date.now() - killedAt) / 1000, jobs, leases }));
      }
      await sleep(100);
    }
    for (let i = 0; i < 600 && (await count('sent')) < RECIPIENTS; i++) await sleep(100);
    const waitedS = (settledAt - killedAt) / 1000;
    const stuck = ids.length
      ? await queryRows<{ status: string; n: number }>(
          database.db,
          sql`select status, count(*)::int as n from messages where id in (${idList})
              group by status`,
        )
      : [];
    console.log(
      `  the killed worker's messages settled ${waitedS.toFixed(1)} s after the kill: ` +
        stuck.map((s) => `${s.n} ${s.status}`).join(', '),
    );

    // Twice to one recipient is a double send: every recipient got one message.
    await sandbox.knobs({ latencyMs: 0 });
    const recipients = await queryRows<{ address: string }>(
      database.db,
      sql`select address from messages where campaign_id = ${campaign.id}`,
    );
    let doubles = 0;
    for (const { address } of recipients) {
      const res = await twilio.listMessages(
        { baseUrl: `${sandbox.url}/twilio` },
        { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
        { to: address, from: FROM },
      );
      if (!res.ok) throw new Error(`sandbox list failed: ${res.error.class}`);
      if (res.value.length > 1) doubles++;
    }
    const sent = await count('sent');
    console.log(`  ${sent}/${RECIPIENTS} sent; recipients who got it twice: ${doubles}`);
    return [
      {
        name: 'kill -9 mid-campaign: wait of the dead worker’s messages',
        value: waitedS,
        unit: 's',
        target: { text: '<= 15 s', met: ids.length > 0 && waitedS <= 15 },
      },
      {
        name: 'kill -9 mid-campaign: messages sent twice',
        value: doubles,
        unit: 'messages',
        target: { text: '= 0', met: doubles === 0 && sent === RECIPIENTS },
      },
    ];
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await sleep(300);
    await database.close();
    sandbox.close();
    await dropDatabase(DB_NAME);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
