// Authenticated org-scoped read (GET /api/v1/orgs/:orgId/members) against a bare Fastify
// hello-world in the same process, same load generator, same connections and duration.
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPglite, openPostgres, wrapPglite, type Database } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { generateFernetKey } from '../server/src/platform/crypto/fernet.js';
import { describeLoad, loadTest, type LoadOptions, type LoadResult } from './lib/load.js';
import type { Measurement } from './lib/report.js';

const TARGET_RATIO = 0.3;
const LOAD = { connections: 10, warmupSeconds: 1, durationSeconds: 5 } as const;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'switchboard_bench';
const PUBLIC_URL = 'http://localhost:3000';
const CONFIG = loadConfig({
  NODE_ENV: 'production',
  // Plain http on localhost: the bench has no TLS in front.
  ALLOW_INSECURE_PUBLIC_URL: 'true',
  METRICS_TOKEN: 'bench-metrics-token-not-scraped-0123456789',
  PUBLIC_URL,
  FERNET_KEYS: generateFernetKey(),
  SESSION_SECRET: 'bench-session-secret-that-is-long-enough-1234',
  LOG_LEVEL: 'silent',
});

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

async function measure(label: string, opts: Omit<LoadOptions, keyof typeof LOAD>) {
  const result = await loadTest({ ...LOAD, ...opts });
  console.log(`  ${label.padEnd(30)} ${describeLoad(result)}`);
  return result;
}

const row = (name: string, r: LoadResult, hello: LoadResult, target?: boolean): Measurement => ({
  name,
  value: r.rps,
  unit: 'req/s',
  baseline: { value: hello.rps, label: 'hello' },
  target: target
    ? { text: `>= ${TARGET_RATIO}x hello`, met: r.rps / hello.rps >= TARGET_RATIO }
    : undefined,
});

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...headers },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** Migrates `database`, serves the real app on it, signs up through the API, and measures. */
async function readOrgMembers(kind: 'postgres' | 'pglite', database: Database, hello: LoadResult) {
  await runMigrations(database);
  const logger = pino({ level: 'silent' });
  const app = await buildApp({ config: CONFIG, database, logger, webDist: false });
  try {
    const base = await listen(app);
    const signup = await post(
      `${base}/api/v1/auth/signup`,
      {},
      {
        email: `bench-${Date.now()}@example.com`,
        password: 'correct horse battery',
        name: 'Bench User',
        orgName: 'Bench Org',
      },
    );
    const { org } = (await signup.json()) as { org: { id: string } };
    const cookie = signup.headers.getSetCookie()[0]?.split(';')[0];
    if (!cookie) throw new Error('signup set no session cookie');
    const body = { name: 'bench', scopes: ['read'] };
    const created = await post(`${base}/api/v1/orgs/${org.id}/api-keys`, { cookie }, body);
    const { key } = (await created.json()) as { key: string };

    const rows: Measurement[] = [];
    if (kind === 'postgres') {
      // The real app's hooks and serializer without a database: the framework's share.
      const r = await measure('real app /healthz (no DB)', { url: `${base}/healthz` });
      rows.push(row('real app /healthz', r, hello));
    }
    const url = `${base}/api/v1/orgs/${org.id}/members`;
    const credentials = { 'api key': { authorization: `Bearer ${key}` }, session: { cookie } };
    for (const [auth, headers] of Object.entries(credentials)) {
      const probe = await fetch(url, { headers });
      if (probe.status !== 200) throw new Error(`GET ${url} (${auth}): ${probe.status}`);
      const r = await measure(`${kind}, ${auth}`, { url, headers });
      rows.push(row(`org read ${kind} ${auth}`, r, hello, kind === 'postgres'));
    }
    return rows;
  } finally {
    await app.close();
  }
}

/**
 * The floor for any route that touches PostgreSQL: a bare Fastify route doing one `select 1` on a
 * pg pool of the app's size, with no auth, no transaction and no ORM. No org-scoped read can beat
 * it, so its ratio bounds what the org-read target can ask for on this machine.
 */
async function singleSelectFloor(databaseUrl: string, hello: LoadResult): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONFIG.dbPoolSize });
  pool.on('error', () => undefined);
  const floor = Fastify();
  floor.get('/one', async () => (await pool.query('select 1 as one')).rows);
  try {
    const r = await measure('floor: bare Fastify + select 1', {
      url: `${await listen(floor)}/one`,
    });
    return row('floor: select 1 (no auth, no tx)', r, hello);
  } finally {
    await floor.close();
    await pool.end();
  }
}

export async function orgRead(): Promise<Measurement[]> {
  const { connections, warmupSeconds, durationSeconds } = LOAD;
  console.log(
    `  load: autocannon in a child process, ${connections} connections, ` +
      `${warmupSeconds} s warm-up + ${durationSeconds} s`,
  );
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));
  try {
    const hello = await measure('baseline: bare Fastify /hello', {
      url: `${await listen(bare)}/hello`,
    });
    const rows: Measurement[] = [];

    await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
    await adminQuery(`create database ${DB_NAME}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${DB_NAME}`;
    const postgres = openPostgres(url.toString(), { poolSize: CONFIG.dbPoolSize });
    try {
      rows.push(await singleSelectFloor(url.toString(), hello));
      rows.push(...(await readOrgMembers('postgres', postgres, hello)));
    } finally {
      await postgres.close();
      await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
    }

    const pglite = wrapPglite(await openPglite(undefined));
    try {
      rows.push(...(await readOrgMembers('pglite', pglite, hello)));
    } finally {
      await pglite.close();
    }
    return rows;
  } finally {
    await bare.close();
  }
}
