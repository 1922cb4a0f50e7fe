// Contacts at scale on PostgreSQL: one org with 1,000,000 contacts and 2–3 identities each,
// seeded with generate_series. Measures the app's own code paths (repositories and services in
// tenant transactions) sequentially, and a bare primary-key select in the same run as the floor.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { loadConfig } from '../server/src/config.js';
import { openPostgres } from '../server/src/db/client.js';
import { runMigrations } from '../server/src/db/migrate.js';
import { contactsRepo } from '../server/src/features/contacts/index.js';
import { generateFernetKey } from '../server/src/platform/crypto/fernet.js';
import { jobsOf } from '../server/src/platform/module.js';
import { createOrgContext, tenantTransaction } from '../server/src/platform/tenancy.js';
import { createServices } from '../server/src/services.js';
import type { Measurement } from './lib/report.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'switchboard_bench_contacts';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const SAMPLES = 300;
const IMPORT_ROWS = 20_000;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const rand = (n: number) => 1 + Math.floor(Math.random() * n);

async function timed(samples: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Contacts with an email and a phone each, every other one a Telegram username too. */
async function seed(client: pg.ClientBase, orgId: string) {
  // The search indexes are built after the bulk insert (as the migrations define them).
  await client.query(
    `drop index if exists contacts_name_words_idx, contact_identities_normalized_prefix_idx`,
  );
  await client.query(
    `insert into contacts (id, org_id, name, attributes, source)
     select md5('c' || g)::uuid, $1::uuid, 'Contact ' || g, jsonb_build_object('n', g::text), 'import'
       from generate_series(1, $2::int) g`,
    [orgId, CONTACTS],
  );
  await client.query(
    `insert into contact_identities (id, org_id, contact_id, channel, value, normalized, match_key)
     select md5('e' || g)::uuid, $1::uuid, md5('c' || g)::uuid, 'email', 'User' || g || '@Example.com',
            'user' || g || '@example.com', 'email:user' || g || '@example.com'
       from generate_series(1, $2::int) g
     union all
     select md5('p' || g)::uuid, $1::uuid, md5('c' || g)::uuid, 'phone', '+1 415 ' || g,
            '+1415' || lpad(g::text, 7, '0'), 'tel:+1415' || lpad(g::text, 7, '0')
       from generate_series(1, $2::int) g
     union all
     select md5('t' || g)::uuid, $1::uuid, md5('c' || g)::uuid, 'telegram', '@user_' || g,
            '@user_' || g, 'tg:@user_' || g
       from generate_series(2, $2::int, 2) g`,
    [orgId, CONTACTS],
  );
  await client.query(
    `create index contacts_name_words_idx on contacts using gin (to_tsvector('simple', name)) with (fastupdate = on)`,
  );
  await client.query(
    `create index contact_identities_normalized_prefix_idx on contact_identities (org_id, normalized collate "C")`,
  );
  await client.query('analyze contacts; analyze contact_identities');
}

export async function contactsBench(): Promise<Measurement[]> {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const database = openPostgres(url.toString(), { poolSize: 4 });
  if (database.kind !== 'postgres') throw new Error('PostgreSQL only');
  const config = loadConfig({
    NODE_ENV: 'production',
    // Plain http on localhost: the bench has no TLS in front.
    ALLOW_INSECURE_PUBLIC_URL: 'true',
    METRICS_TOKEN: 'bench-metrics-token-not-scraped-0123456789',
    PUBLIC_URL: 'http://localhost:3000',
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-1234',
    LOG_LEVEL: 'silent',
  });
  const runner = { stop: async () => {} } as { stop(): Promise<void> };
  try {
    await runMigrations(database);
    const orgId = uuidv7();
    const client = await database.pool.connect();
    const seeded = performance.now();
    try {
      await client.query(`insert into organizations (id, name) values ($1, 'Bench')`, [orgId]);
      await seed(client, orgId);
    } finally {
      client.release();
    }
    const identities = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from contact_identities',
    );
    console.log(
      `  seeded ${CONTACTS} contacts, ${identities.rows[0]!.n} identities in ${((performance.now() - seeded) / 1000).toFixed(0)} s`,
    );
    const services = createServices(config, database);
    const ctx = createOrgContext(database.db, {
      orgId,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'bench' },
      userId: undefined,
      meta: { ip: null, userAgent: null, requestId: 'bench' },
    });

    const phone = () => `+1415${String(rand(CONTACTS)).padStart(7, '0')}`;
    const pk = await timed(SAMPLES, () =>
      database.pool.query('select * from contacts where id = md5($1)::uuid', [
        `c${rand(CONTACTS)}`,
      ]),
    );
    const lookup = await timed(SAMPLES, () =>
      database.pool.query(
        `select contact_id from contact_identities where org_id = $1 and channel = 'phone' and normalized = $2`,
        [orgId, phone()],
      ),
    );
    const lookupApp = await timed(SAMPLES, () =>
      tenantTransaction(database.db, { orgId }, (tx) =>
        contactsRepo.holders(tx, orgId, [{ channel: 'phone', normalized: phone() }]),
      ),
    );
    const search = await timed(SAMPLES / 3, (i) =>
      services.contacts.list(ctx, {
        limit: 50,
        query: i % 2 ? `user${rand(CONTACTS)}@example` : `contact ${rand(CONTACTS)}`,
      }),
    );
    const firstPage = await timed(SAMPLES / 3, () => services.contacts.list(ctx, { limit: 50 }));

    const jobs = services.jobs;
    await jobs.start({ work: false, jobs: jobsOf(services.modules) });
    runner.stop = () => jobs.stop();
    const csv = [
      'name,email,phone,city',
      ...Array.from(
        { length: IMPORT_ROWS },
        (_, i) =>
          `Imported ${i},imported${i}@example.org,+1212${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')},Oslo`,
      ),
    ].join('\n');
    const started = await services.contactImports.start(ctx, {
      fileName: 'bench.csv',
      buffer: Buffer.from(csv),
    });
    const t0 = performance.now();
    await services.contactImports.run({ orgId, importId: started.id });
    const importSeconds = (performance.now() - t0) / 1000;
    const done = await services.contactImports.get(ctx, started.id);
    if (done.created !== IMPORT_ROWS) throw new Error(`import: ${JSON.stringify(done)}`);
    const rowsPerSecond = IMPORT_ROWS / importSeconds;

    const ms = (xs: number[]) => p95(xs);
    console.log(`  primary-key select p95  ${ms(pk).toFixed(2)} ms`);
    console.log(
      `  identity lookup p95     ${ms(lookup).toFixed(2)} ms (query), ${ms(lookupApp).toFixed(2)} ms (tenant tx + repo)`,
    );
    console.log(`  search p95              ${ms(search).toFixed(2)} ms`);
    console.log(`  first list page p95     ${ms(firstPage).toFixed(2)} ms`);
    console.log(
      `  CSV import              ${Math.round(rowsPerSecond)} rows/s (${IMPORT_ROWS} rows)`,
    );
    const pkRef = { value: ms(pk), label: 'pk select' };
    return [
      {
        name: 'contacts: identity lookup p95',
        value: ms(lookup),
        unit: 'ms',
        baseline: pkRef,
        target: { text: '<= 5 ms', met: ms(lookup) <= 5 },
      },
      {
        name: 'contacts: lookup in tenant tx p95',
        value: ms(lookupApp),
        unit: 'ms',
        baseline: pkRef,
      },
      {
        name: 'contacts: search p95',
        value: ms(search),
        unit: 'ms',
        target: { text: '<= 100 ms', met: ms(search) <= 100 },
      },
      {
        name: 'contacts: first list page p95',
        value: ms(firstPage),
        unit: 'ms',
        target: { text: '<= 20 ms', met: ms(firstPage) <= 20 },
      },
      {
        name: 'contacts: CSV import',
        value: rowsPerSecond,
        unit: 'rows/s',
        target: { text: '>= 5000 rows/s', met: rowsPerSecond >= 5000 },
      },
    ];
  } finally {
    await runner.stop();
    await database.close();
    await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}
