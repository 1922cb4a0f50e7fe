// Provider callbacks on PostgreSQL, all in one run with the same load generator:
// - the signature-verify path with no database (Twilio HMAC over URL + sorted params, raw-body
//   parsing included) against a bare Fastify hello-world (target >= 0.40x);
// - the real webhook route — integration lookup, verification, durable dedupe insert with its
//   provider_event (concurrent callbacks share a statement) — against a plain single-row insert
//   endpoint on the same pool (target >= 0.75x).
// Each comparison alternates baseline and target rounds and compares the medians.
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openPostgres } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { providerOf } from '../server/src/providers/registry.js';
import { generateFernetKey } from '../server/src/platform/crypto/fernet.js';
import { createServices } from '../server/src/services.js';
import { alternate, type LoadOptions, type LoadResult } from './lib/load.js';
import { benchOwner } from './lib/owner.js';
import type { Measurement } from './lib/report.js';

const LOAD = { connections: 10, warmupSeconds: 1, durationSeconds: 4 } as const;
/** Each comparison alternates baseline and target this many times and takes the medians. */
const ROUNDS = 3;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'switchboard_bench_webhooks';
const PUBLIC_URL = 'http://localhost:3000';
const AUTH_TOKEN = 'b'.repeat(32);
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

type Side = { label: string; opts: Omit<LoadOptions, keyof typeof LOAD> };
const compare = (baseline: Side, target: Side) =>
  alternate(
    { label: baseline.label, opts: { ...LOAD, ...baseline.opts } },
    { label: target.label, opts: { ...LOAD, ...target.opts } },
    ROUNDS,
  );

const ratioRow = (
  name: string,
  r: LoadResult,
  base: LoadResult,
  label: string,
  target: number,
): Measurement => ({
  name,
  value: r.rps,
  unit: 'req/s',
  baseline: { value: base.rps, label },
  target: { text: `>= ${target}x ${label}`, met: r.rps / base.rps >= target },
});

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A Fastify app whose every content type arrives as raw bytes, as on the webhook routes. */
function rawApp() {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  return app;
}

export async function webhooks(): Promise<Measurement[]> {
  console.log(
    `  load: autocannon in a child process, ${LOAD.connections} connections, ` +
      `${LOAD.warmupSeconds} s warm-up + ${LOAD.durationSeconds} s; every callback is unique and signed`,
  );
  const rows: Measurement[] = [];
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));

  const verifyOnly = rawApp();
  verifyOnly.post('/verify', async (request, reply) => {
    const ok = providerOf('twilio').callbacks.verify(
      { provider: 'twilio', credentials: { authToken: AUTH_TOKEN }, webhookSecret: null },
      {
        purpose: 'status',
        url: `${PUBLIC_URL}${request.url}`,
        headers: request.headers,
        rawBody: request.body as Buffer,
      },
    );
    return reply.status(ok ? 200 : 401).send();
  });

  await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
  await adminQuery(`create database ${DB_NAME}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const database = openPostgres(url.toString(), { poolSize: CONFIG.dbPoolSize });
  let app: FastifyInstance | undefined;
  try {
    const verifyBase = await listen(verifyOnly);
    const first = await compare(
      { label: 'baseline: bare Fastify /hello', opts: { url: `${await listen(bare)}/hello` } },
      {
        label: 'verify only (no DB), Twilio HMAC',
        opts: {
          url: `${verifyBase}/verify`,
          twilioCallback: { authToken: AUTH_TOKEN, signedUrl: `${PUBLIC_URL}/verify` },
        },
      },
    );
    rows.push(ratioRow('webhook verify-only (no DB)', first.target, first.baseline, 'hello', 0.4));

    await runMigrations(database);
    await database.db.execute(
      sql`create table bench_rows (id uuid primary key, body text not null, received_at timestamptz not null default now())`,
    );
    const logger = pino({ level: 'silent' });
    const services = createServices(CONFIG, database, { logger });
    app = await buildApp({ config: CONFIG, database, services, logger, webDist: false });
    // The plain insert endpoint lives in the same app (same hooks, same pool), raw bodies too.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      scope.post('/bench/insert', async (request, reply) => {
        await database.db.execute(
          sql`insert into bench_rows (id, body) values (${uuidv7()}, ${(request.body as Buffer).toString('utf8')})`,
        );
        return reply.status(200).send();
      });
    });
    const base = await listen(app);
    const { ctx } = await benchOwner(services, database.db);
    const integration = await services.integrations.create(ctx, {
      provider: 'twilio',
      sandbox: false,
      verification: 'enforced',
      credentials: { accountSid: `AC${'1'.repeat(32)}`, authToken: AUTH_TOKEN },
      settings: { fromNumber: '+14155550199' },
    });

    const path = `/webhooks/twilio/${integration.id}/status`;
    const second = await compare(
      {
        label: 'plain single-row insert endpoint',
        opts: {
          url: `${base}/bench/insert`,
          twilioCallback: { authToken: AUTH_TOKEN, signedUrl: `${PUBLIC_URL}/bench/insert` },
        },
      },
      {
        label: 'verified + durable dedupe insert',
        opts: {
          url: `${base}${path}`,
          twilioCallback: { authToken: AUTH_TOKEN, signedUrl: `${PUBLIC_URL}${path}` },
        },
      },
    );
    rows.push(
      ratioRow(
        'webhook verified + dedupe insert',
        second.target,
        second.baseline,
        'plain insert',
        0.75,
      ),
    );
    const [count] = (
      (await database.db.execute(
        sql`select count(*)::int as n from webhook_events`,
      )) as unknown as {
        rows: { n: number }[];
      }
    ).rows;
    console.log(
      `  stored ${count?.n ?? 0} callback events (every acknowledged request is one row)`,
    );
  } finally {
    await app?.close();
    await verifyOnly.close();
    await bare.close();
    await database.close();
    await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
  }
  return rows;
}
