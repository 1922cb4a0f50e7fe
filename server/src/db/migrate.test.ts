import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../lib/paths.js';
import { createTestDatabase } from '../test/db.js';
import { queryRows } from './client.js';
import { pendingMigrations, runMigrations } from './migrate.js';

const database = await createTestDatabase();
afterAll(() => database.close());

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}
const journal = JSON.parse(
  readFileSync(path.join(migrationsFolder(), 'meta/_journal.json'), 'utf8'),
) as Journal;

async function applied() {
  return queryRows<{ hash: string; created_at: string }>(
    database.db,
    sql`select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id`,
  );
}

/** Everything a migration creates: tables, columns, indexes, constraints, policies, grants. */
async function schemaFingerprint() {
  const [row] = await queryRows<{ fingerprint: string }>(
    database.db,
    sql`select concat_ws('|',
          (select string_agg(table_name || '.' || column_name || ':' || data_type, ',' order by 1)
             from information_schema.columns where table_schema = 'public'),
          (select string_agg(indexname, ',' order by 1) from pg_indexes where schemaname = 'public'),
          (select string_agg(conname, ',' order by 1) from pg_constraint c
             join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'),
          (select string_agg(tablename || '.' || policyname, ',' order by 1)
             from pg_policies where schemaname = 'public'),
          (select string_agg(table_name || ':' || privilege_type, ',' order by 1)
             from information_schema.role_table_grants where grantee = 'switchboard_app')
        ) as fingerprint`,
  );
  return row!.fingerprint;
}

describe('the migration history', () => {
  it('is ordered: indexes count up from 0 and timestamps strictly increase', () => {
    expect(journal.entries.length).toBeGreaterThan(0);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.startsWith(String(i).padStart(4, '0') + '_'), entry.tag).toBe(true);
      if (i > 0) expect(entry.when, entry.tag).toBeGreaterThan(journal.entries[i - 1]!.when);
    });
  });

  it('has exactly one SQL file per journal entry', () => {
    const files = readdirSync(migrationsFolder())
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
  });
});

describe('migrations on the test database', () => {
  it('are all applied: nothing is pending', async () => {
    expect(await pendingMigrations(database)).toBe(0);
    expect(await applied()).toHaveLength(journal.entries.length);
  });

  it('are a no-op when run again', async () => {
    const rowsBefore = await applied();
    const schemaBefore = await schemaFingerprint();
    await runMigrations(database);
    await runMigrations(database);
    expect(await applied()).toEqual(rowsBefore);
    expect(await schemaFingerprint()).toBe(schemaBefore);
    expect(await pendingMigrations(database)).toBe(0);
  });

  it('are reported pending when the database is behind the journal (for /readyz)', async () => {
    const last = journal.entries.at(-1)!;
    await database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = ${last.when}`,
    );
    expect(await pendingMigrations(database)).toBe(1);
  });
});
