// Reliability: a PostgreSQL restart under signed-callback load loses no acknowledged callback and
// stores none twice. The server runs on a throwaway PostgreSQL cluster of its own (initdb into a
// temporary directory, never the machine's shared server); a fixed number of concurrent senders
// post signed Twilio status callbacks (each a new MessageSid); the cluster is restarted
// (`pg_ctl restart -m fast`) in the middle. Callbacks that arrive while it is away go to the
// callback spool and are replayed when it is back. Afterwards: every callback answered 200 must
// be stored exactly once, with exactly one `callback` provider_event.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { generateFernetKey } from '../../server/src/platform/crypto/fernet.js';
import { projectRoot } from '../../server/src/lib/paths.js';
import type { Measurement } from '../lib/report.js';

const execFileAsync = promisify(execFile);
const AUTH_TOKEN = 'b'.repeat(32);
const SENDERS = Number(process.env.RELIABILITY_SENDERS ?? 64);
const LOAD_MS = 6_000;
const RESTART_AT_MS = 2_000;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL's server binaries: PG_BIN, the Debian layout, or PATH. */
function pgBin(name: string): string {
  const dirs = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'];
  for (const dir of dirs) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

/** A PostgreSQL cluster in a temporary directory, run as `postgres` when we are root. */
function throwawayCluster(port: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-pg-restart-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  // Asynchronous: the senders keep sending while pg_ctl waits for the restart.
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileAsync('runuser', ['-u', 'postgres', '--', pgBin(bin), ...args])
      : execFileAsync(pgBin(bin), args);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const ctl = (...args: string[]) =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', ...args]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
      await ctl('start');
    },
    restart: () => ctl('restart', '-m', 'fast'),
    async destroy() {
      await ctl('stop', '-m', 'immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function query(url: string, text: string) {
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
    await sleep(100);
  }
  throw new Error('server did not start');
}

/** Bytes in spool segments, every process's. */
function spooledBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !e.name.endsWith('.lock')) walk(full);
      else if (e.name.endsWith('.jsonl') && e.name !== 'quarantine.jsonl') {
        total += statSync(full).size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return total;
}

export async function pgRestart(): Promise<Measurement[]> {
  const pgPort = Number(process.env.RELIABILITY_PG_PORT ?? 0) || (await freePort());
  const cluster = throwawayCluster(pgPort);
  const work = mkdtempSync(path.join(tmpdir(), 'switchboard-pg-restart-server-'));
  const spoolDir = path.join(work, 'callback-spool');
  let server: ChildProcess | undefined;
  try {
    await cluster.start();
    await query(cluster.url, 'create database switchboard');
    const dbUrl = cluster.url.replace(/\/postgres$/, '/switchboard');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServer({
      ...process.env,
      NODE_ENV: 'production',
      ALLOW_INSECURE_PUBLIC_URL: 'true', // plain http on localhost: no TLS in front
      METRICS_TOKEN: 'bench-metrics-token-not-scraped-0123456789',
      DATABASE_URL: dbUrl,
      DATA_DIR: work,
      CALLBACK_SPOOL_DIR: spoolDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      FERNET_KEYS: generateFernetKey(),
      SESSION_SECRET: 'reliability-session-secret-long-enough-123',
      LOG_LEVEL: 'error',
    });
    await waitReady(base);
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({
        email: `rel-${Date.now()}@example.com`,
        password: 'correct horse battery staple 42',
        name: 'R',
        orgName: 'R',
      }),
    });
    if (signup.status !== 201 && signup.status !== 200) {
      throw new Error(`signup: ${signup.status} ${await signup.text()}`);
    }
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
    const answers = new Map<string, number>();
    let maxSpooled = 0;
    let sent = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const sid = `SMrestart${(sent++).toString().padStart(8, '0')}`;
        const params: Record<string, string> = {
          MessageSid: sid,
          MessageStatus: 'delivered',
          To: '+14155550100',
        };
        const data = Object.keys(params)
          .sort()
          .reduce((a, k) => a + k + params[k], hookUrl);
        let answer: string;
        try {
          const res = await fetch(hookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': createHmac('sha1', AUTH_TOKEN).update(data).digest('base64'),
            },
            body: new URLSearchParams(params).toString(),
          });
          answer = String(res.status);
          if (res.status === 200) acknowledged.push(sid);
          else {
            const body = await res.text();
            const code = /"code":"([a-z_]+)"/.exec(body)?.[1];
            if (code) answer += ` ${code}`;
          }
        } catch {
          answer = 'no answer';
          await sleep(20);
        }
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
      }
    };
    const started = Date.now();
    const senders = Array.from({ length: SENDERS }, sender);
    const watch = setInterval(() => {
      maxSpooled = Math.max(maxSpooled, spooledBytes(spoolDir));
    }, 50);
    await sleep(RESTART_AT_MS);
    const ackBefore = acknowledged.length;
    const restartStarted = Date.now();
    await cluster.restart();
    const restartMs = Date.now() - restartStarted;
    console.log(
      `  restarted PostgreSQL (pg_ctl restart -m fast, ${restartMs} ms) after ${ackBefore} acknowledged callbacks`,
    );
    await sleep(Math.max(0, LOAD_MS - (Date.now() - started)));
    stop = true;
    await Promise.all(senders);

    // The replayer drains the spool once PostgreSQL answers again.
    const drainStarted = Date.now();
    while (spooledBytes(spoolDir) > 0 && Date.now() - drainStarted < 60_000) await sleep(100);
    clearInterval(watch);
    const drainMs = Date.now() - drainStarted;

    const result = await query(
      dbUrl,
      `select provider_event_id from webhook_events where integration_id = '${id}'`,
    );
    const stored = result.rows.map((r: { provider_event_id: string }) => r.provider_event_id);
    const storedSet = new Set(stored);
    const missing = acknowledged.filter((sid) => !storedSet.has(`${sid}:delivered`)).length;
    const logged = await query(
      dbUrl,
      `select outcome, count(*)::int as n from provider_events
       where integration_id = '${id}' and kind = 'callback' group by outcome`,
    );
    const outcomes = Object.fromEntries(
      logged.rows.map((r: { outcome: string; n: number }) => [r.outcome, r.n]),
    );
    // Each sid is sent once: a second row (event or callback log) is a callback stored twice.
    const duplicates =
      stored.length - storedSet.size + Math.max(0, (outcomes.accepted ?? 0) - storedSet.size);
    const extra = stored.length - acknowledged.length;
    console.log(
      `  ${SENDERS} senders, ${sent} sent in ${LOAD_MS} ms; answers: ${[...answers]
        .map(([a, n]) => `${a} × ${n}`)
        .join(', ')}`,
    );
    console.log(
      `  spool peaked at ${maxSpooled} bytes, drained ${drainMs} ms after the load stopped; ` +
        `stored ${storedSet.size} (${extra} more than acknowledged: answered non-2xx or cut off, yet committed)`,
    );
    console.log(
      `  acknowledged ${acknowledged.length}; missing ${missing}; stored twice ${duplicates}; callback log ${JSON.stringify(outcomes)}`,
    );
    return [
      {
        name: 'PostgreSQL restart under callback load: acknowledged callbacks missing',
        value: missing,
        unit: 'callbacks',
        target: { text: '= 0', met: missing === 0 && acknowledged.length > ackBefore },
      },
      {
        name: 'PostgreSQL restart: callbacks stored twice',
        value: duplicates,
        unit: 'callbacks',
        target: { text: '= 0', met: duplicates === 0 },
      },
      {
        name: 'PostgreSQL restart: callbacks answered 5xx',
        value: [...answers].filter(([a]) => a.startsWith('5')).reduce((n, [, c]) => n + c, 0),
        unit: 'callbacks',
      },
    ];
  } finally {
    server?.kill('SIGKILL');
    await sleep(300);
    await cluster.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}
