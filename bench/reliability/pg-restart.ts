// Reliability: a PostgreSQL restart under signed-callback load loses no acknowledged callback and
// stores none twice. The server runs on a throwaway PostgreSQL cluster of its own (initdb into a
// temporary directory, never the machine's shared server); a fixed number of concurrent senders
// post signed Twilio status callbacks (each a new MessageSid); the cluster is restarted
// (`pg_ctl restart -m fast`) in the middle. Callbacks that arrive while it is away go to the
// callback spool and are replayed when it is back. Afterwards: every callback answered 200 must
// be stored exactly once, with exactly one `callback` provider_event.
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Measurement } from '../lib/report.js';
import {
  freePort,
  pgQuery,
  productionEnv,
  signedTwilioStatus,
  sleep,
  startServe,
  twilioOwner,
  waitReady,
} from '../lib/served.js';

const execFileAsync = promisify(execFile);
const AUTH_TOKEN = 'b'.repeat(32);
const SENDERS = Number(process.env.RELIABILITY_SENDERS ?? 64);
const LOAD_MS = 6_000;
const RESTART_AT_MS = 2_000;

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
    await pgQuery(cluster.url, 'create database switchboard');
    const dbUrl = cluster.url.replace(/\/postgres$/, '/switchboard');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServe(
      productionEnv(port, dbUrl, { DATA_DIR: work, CALLBACK_SPOOL_DIR: spoolDir }),
    );
    await waitReady(base);
    const { integrationId: id, statusUrl: hookUrl } = await twilioOwner(base, {
      authToken: AUTH_TOKEN,
      accountSid: `AC${'1'.repeat(32)}`,
      fromNumber: '+14155550199',
    });

    const acknowledged: string[] = [];
    const answers = new Map<string, number>();
    let maxSpooled = 0;
    let sent = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const sid = `SMrestart${(sent++).toString().padStart(8, '0')}`;
        let answer: string;
        try {
          const res = await fetch(hookUrl, signedTwilioStatus(hookUrl, AUTH_TOKEN, sid));
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

    const result = await pgQuery(
      dbUrl,
      `select provider_event_id from webhook_events where integration_id = '${id}'`,
    );
    const stored = result.rows.map((r: { provider_event_id: string }) => r.provider_event_id);
    const storedSet = new Set(stored);
    const missing = acknowledged.filter((sid) => !storedSet.has(`${sid}:delivered`)).length;
    const logged = await pgQuery(
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
