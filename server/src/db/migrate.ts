import { sql } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { migrationsFolder } from '../lib/paths.js';
import { queryRows, type Database } from './client.js';

/** Any fixed number: serializes concurrent `migrate` runs from several processes. */
const MIGRATION_LOCK_ID = 727_001;

export async function runMigrations(database: Database): Promise<void> {
  const folder = migrationsFolder();
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrateNodePg(drizzlePg(client), { migrationsFolder: folder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

/** For /readyz: how many migrations of the journal are not applied yet. */
export async function pendingMigrations(database: Database): Promise<number> {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder(), 'meta/_journal.json'), 'utf8'),
  ) as Journal;
  let latestApplied = 0;
  try {
    const [row] = await queryRows<{ latest: string | null }>(
      database.db,
      sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    latestApplied = Number(row?.latest ?? 0);
  } catch {
    // No migrations table yet: nothing is applied.
  }
  return journal.entries.filter((e) => e.when > latestApplied).length;
}
