import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from 'pino';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

/** Raw SQL rows, typed by the caller (drizzle's result type differs between pg and PGlite). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A fixed statement with `$n` parameters, run as a named prepared statement: on PostgreSQL each
 * pooled connection parses and plans it once, not on every call (PGlite runs it as usual). For
 * hot paths only; the text must never vary under one name.
 */
export async function queryPrepared<T>(
  db: Executor,
  name: string,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const result = (await db._.session
    .prepareQuery({ sql: text, params }, undefined, name, false)
    .execute()) as { rows: T[] };
  return result.rows;
}

export type Database =
  | { kind: 'pglite'; db: Db; pglite: PGlite; close(): Promise<void> }
  | { kind: 'postgres'; db: Db; pool: pg.Pool; close(): Promise<void> };

/** Must be passed on every open: a database that uses them will not reopen without them. */
export const pgliteExtensions = { btree_gist, citext, pg_trgm };

/**
 * PGlite's start parameters with 32 MB of shared buffers instead of PostgreSQL's 128 MB: they live
 * in the process's WASM memory and were most of an idle embedded server's memory, while the data
 * files stay in the operating system's page cache either way.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir ?? 'memory://', {
    extensions: pgliteExtensions,
    startParams: pgliteStartParams,
  });
}

export function wrapPglite(pglite: PGlite): Database {
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}

export function openPostgres(url: string, opts: { poolSize: number; logger?: Logger }): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize });
  // Without a listener an idle client's error (PostgreSQL restarting) kills the process.
  pool.on('error', (err) => opts.logger?.warn({ err }, 'idle PostgreSQL client error'));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { kind: 'postgres', db, pool, close: () => pool.end() };
}
