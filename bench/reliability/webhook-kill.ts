// Reliability: `kill -9` of the server under webhook load loses no acknowledged callback.
// Signed Twilio callbacks (each a new MessageSid) are posted by 20 concurrent senders; the server
// process is SIGKILLed mid-load and restarted; every callback that got a 200 must be stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { generateFernetKey } from '../../server/src/platform/crypto/fernet.js';
import { projectRoot } from '../../server/src/lib/paths.js';
import type { Measurement } from '../lib/report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'switchboard_reliability';
const AUTH_TOKEN = 'b'.repeat(32);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function admin(text: string, url = ADMIN_URL) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot(), 'server/src/main.ts'), 'serve', '--no-workers'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function waitReady(base: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

export async function webhookKill(): Promise<Measurement[]> {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${DB_NAME}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // Plain http on localhost: the bench has no TLS in front.
    ALLOW_INSECURE_PUBLIC_URL: 'true',
    METRICS_TOKEN: 'bench-metrics-token-not-scraped-0123456789',
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'reliability-session-secret-long-enough-123',
    LOG_LEVEL: 'error',
  };
  let server = startServer(env);
  try {
    await waitReady(base);
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({
        email: `rel-${Date.now()}@example.com`,
        password: 'correct horse battery',
        name: 'R',
        orgName: 'R',
      }),
    });
    const { org } = (await signup.json()) as { org: { id: string } };
    const cookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;
    const created = await fetch(`${base}/api/v1/orgs/${org.id}/integrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({
        provider: 'twilio',
        credentials: { accountSid: `AC${'1'.repeat(32)}`, authToken: AUTH_TOKEN },
        settings: { fromNumber: '+14155550199' },
      }),
    });
    const { id } = (await created.json()) as { id: string };
    const hookUrl = `${base}/webhooks/twilio/${id}/status`;

    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const sid = `SMkill${(sent++).toString().padStart(8, '0')}`;
        const params: Record<string, string> = {
          MessageSid: sid,
          MessageStatus: 'delivered',
          To: '+14155550100',
        };
        const data = Object.keys(params)
          .sort()
          .reduce((a, k) => a + k + params[k], hookUrl);
        try {
          const res = await fetch(hookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': createHmac('sha1', AUTH_TOKEN).update(data).digest('base64'),
            },
            body: new URLSearchParams(params).toString(),
          });
          if (res.status === 200) acknowledged.push(sid);
        } catch {
          await new Promise((r) => setTimeout(r, 20)); // server down: keep trying other callbacks
        }
      }
    };
    const senders = Array.from({ length: 20 }, sender);
    await new Promise((r) => setTimeout(r, 3000));
    server.kill('SIGKILL');
    console.log(
      `  killed the server (SIGKILL) after ${acknowledged.length} acknowledged callbacks`,
    );
    await new Promise((r) => setTimeout(r, 500));
    server = startServer(env);
    await waitReady(base);
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(senders);

    const result = await admin(
      `select provider_event_id from webhook_events where integration_id = '${id}'`,
      dbUrl.toString(),
    );
    const stored = new Set(
      result.rows.map((r: { provider_event_id: string }) => r.provider_event_id),
    );
    const lost = acknowledged.filter((sid) => !stored.has(`${sid}:delivered`));
    console.log(
      `  acknowledged ${acknowledged.length} of ${sent} sent; stored ${stored.size}; lost ${lost.length}`,
    );
    // Each stored callback's monitoring row is written in the same statement: none may be missing.
    const logged = await admin(
      `select count(*)::int as n from provider_events
       where integration_id = '${id}' and kind = 'callback' and outcome = 'accepted'`,
      dbUrl.toString(),
    );
    const unlogged = stored.size - Number(logged.rows[0]?.n ?? 0);
    console.log(`  stored callbacks without their provider_event: ${unlogged}`);
    return [
      {
        name: 'kill -9 under webhook load: lost acknowledged callbacks',
        value: lost.length,
        unit: 'callbacks',
        target: { text: '= 0', met: lost.length === 0 && acknowledged.length > 0 },
      },
      {
        name: 'kill -9: stored callbacks without a provider_event',
        value: unlogged,
        unit: 'callbacks',
        target: { text: '= 0', met: unlogged === 0 },
      },
    ];
  } finally {
    server.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}
