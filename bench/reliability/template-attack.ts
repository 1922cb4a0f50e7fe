// Reliability: one member cannot freeze the server with template work (issue 14, finding 1).
// 8 concurrent senders POST /templates/validate as fast as they are answered, first with the
// nested-range body of the finding, then with a template that passes the static checks but runs
// until its time budget stops it (the worst a template may cost). Meanwhile one client polls
// /healthz and another posts signed Twilio callbacks, each one request at a time; their p99 must
// stay under 100 ms. For comparison the same senders also post an ordinary draft: what the request
// rate alone costs. The server is a child process (PostgreSQL, production settings); its
// event-loop delay per phase (from /metrics) tells a blocked loop from a busy machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { generateFernetKey } from '../../server/src/platform/crypto/fernet.js';
import { projectRoot } from '../../server/src/lib/paths.js';
import type { Measurement } from '../lib/report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'switchboard_template_attack';
const AUTH_TOKEN = 'c'.repeat(32);
const ATTACKERS = 8;
const PHASE_SECONDS = Number(process.env.BENCH_ATTACK_SECONDS ?? 10);
const TARGET_MS = 100;
const METRICS_TOKEN = 'bench-metrics-token-not-scraped-0123456789';

const ATTACK = {
  channel: 'sms',
  body: '{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}',
};
/** An ordinary draft: the same request rate with no template work to speak of. */
const ORDINARY = { channel: 'sms', body: 'Hi {{ contact.name }}, your order is on its way.' };
/** Allowed by the static checks; with 5,000 sample items it spends its whole render budget. */
const BUDGET_BURNER = {
  channel: 'sms',
  body: '{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}',
  variables: [{ name: 'items', type: 'list', required: true }],
  sampleValues: { items: Array.from({ length: 5000 }, (_, i) => i) },
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function admin(text: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
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

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function timed(fn: () => Promise<Response>, into: number[], statuses: Map<number, number>) {
  const started = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  into.push(performance.now() - started);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
}

export async function templateAttack(): Promise<Measurement[]> {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${DB_NAME}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot(), 'server/src/main.ts'), 'serve', '--no-workers'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ALLOW_INSECURE_PUBLIC_URL: 'true',
        METRICS_TOKEN,
        DATABASE_URL: dbUrl.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        FERNET_KEYS: generateFernetKey(),
        SESSION_SECRET: 'reliability-session-secret-long-enough-123',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitReady(base);
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({
        email: `attack-${Date.now()}@example.com`,
        password: 'Quartz-lantern-7-harbour-mosaic',
        name: 'Attacker',
        orgName: 'Attack',
      }),
    });
    if (!signup.ok) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
    const { org } = (await signup.json()) as { org: { id: string } };
    const cookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;
    const json = { 'content-type': 'application/json', origin: base, cookie };
    const created = await fetch(`${base}/api/v1/orgs/${org.id}/integrations`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        provider: 'twilio',
        credentials: { accountSid: `AC${'2'.repeat(32)}`, authToken: AUTH_TOKEN },
        settings: { fromNumber: '+14155550198' },
      }),
    });
    if (!created.ok) throw new Error(`integration failed: ${created.status}`);
    const { id } = (await created.json()) as { id: string };
    const hookUrl = `${base}/webhooks/twilio/${id}/status`;
    let sid = 0;
    const webhook = () => {
      const params: Record<string, string> = {
        MessageSid: `SMattack${(sid++).toString().padStart(8, '0')}`,
        MessageStatus: 'delivered',
        To: '+14155550100',
      };
      const data = Object.keys(params)
        .sort()
        .reduce((a, k) => a + k + params[k], hookUrl);
      return fetch(hookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': createHmac('sha1', AUTH_TOKEN).update(data).digest('base64'),
        },
        body: new URLSearchParams(params).toString(),
      });
    };
    const validateUrl = `${base}/api/v1/orgs/${org.id}/templates/validate`;
    /**
     * The server's event-loop delay since the previous scrape (prom-client resets its histogram on
     * each collect): it tells a blocked loop from a busy machine.
     */
    const loopDelay = async () => {
      const text = await (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      const read = (name: string) =>
        Number(new RegExp(`^switchboard_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
      return {
        p99: read('nodejs_eventloop_lag_p99_seconds'),
        max: read('nodejs_eventloop_lag_max_seconds'),
      };
    };

    async function phase(label: string, attack: object | undefined, seconds: number) {
      const health: number[] = [];
      const hooks: number[] = [];
      const healthStatus = new Map<number, number>();
      const hookStatus = new Map<number, number>();
      const attackStatus = new Map<number, number>();
      const attackMs: number[] = [];
      let stop = false;
      await loopDelay();
      const probe = async (fn: () => Promise<void>) => {
        while (!stop) {
          await fn();
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      const attacker = async () => {
        while (!stop && attack) {
          await timed(
            () =>
              fetch(validateUrl, { method: 'POST', headers: json, body: JSON.stringify(attack) }),
            attackMs,
            attackStatus,
          );
        }
      };
      const running = [
        probe(() => timed(() => fetch(`${base}/healthz`), health, healthStatus)),
        probe(() => timed(webhook, hooks, hookStatus)),
        ...Array.from({ length: attack ? ATTACKERS : 0 }, attacker),
      ];
      await new Promise((r) => setTimeout(r, seconds * 1000));
      stop = true;
      await Promise.all(running);
      const loop = await loopDelay();
      const show = (m: Map<number, number>) =>
        [...m].map(([status, n]) => `${n}×${status}`).join(', ');
      console.log(
        `  ${label}: /healthz p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms (${show(healthStatus)}); ` +
          `webhook p50 ${percentile(hooks, 50).toFixed(1)} ms, p99 ${percentile(hooks, 99).toFixed(1)} ms (${show(hookStatus)})` +
          (attack
            ? `; attack requests ${show(attackStatus)}, p50 ${percentile(attackMs, 50).toFixed(1)} ms`
            : '') +
          `; server event-loop delay p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms`,
      );
      return { health: percentile(health, 99), hooks: percentile(hooks, 99), loopMax: loop.max };
    }

    await phase('warm-up', undefined, 2);
    const idle = await phase('no attack', undefined, Math.max(3, PHASE_SECONDS / 2));
    const ordinary = await phase('ordinary validations, same senders', ORDINARY, PHASE_SECONDS);
    const ranges = await phase('nested-range attack', ATTACK, PHASE_SECONDS);
    const burner = await phase('budget-burning attack', BUDGET_BURNER, PHASE_SECONDS);
    const rows = (
      label: string,
      r: { health: number; hooks: number; loopMax: number },
    ): Measurement[] => [
      {
        name: `${label}: /healthz p99`,
        value: r.health,
        unit: 'ms',
        baseline: { value: idle.health, label: 'no attack' },
        target: { text: `< ${TARGET_MS} ms`, met: r.health < TARGET_MS },
      },
      {
        name: `${label}: signed webhook p99`,
        value: r.hooks,
        unit: 'ms',
        baseline: { value: idle.hooks, label: 'no attack' },
        target: { text: `< ${TARGET_MS} ms`, met: r.hooks < TARGET_MS },
      },
      {
        name: `${label}: server event-loop delay max`,
        value: r.loopMax,
        unit: 'ms',
        baseline: { value: idle.loopMax, label: 'no attack' },
      },
    ];
    return [
      ...rows('8 senders of ordinary drafts', ordinary),
      ...rows('template attack (nested ranges)', ranges),
      ...rows('template attack (budget burners)', burner),
    ];
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    server.kill('SIGKILL');
    await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}
