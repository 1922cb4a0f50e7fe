import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import {
  openPostgres,
  pgliteExtensions,
  pgliteStartParams,
  wrapPglite,
  type Database,
} from '../db/client.js';

let counter = 0;

/** A fresh copy of the migrated template database, private to the calling test file. */
export async function createTestDatabase(): Promise<Database> {
  const source = inject('testDatabase');
  if (source.kind === 'pglite') {
    const blob = new Blob([readFileSync(source.file)]);
    const pglite = await PGlite.create({
      loadDataDir: blob,
      extensions: pgliteExtensions,
      startParams: pgliteStartParams,
    });
    return wrapPglite(pglite);
  }
  const name = `switchboard_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: source.url });
  await admin.connect();
  await admin.query(`create database ${name} template ${source.template}`);
  await admin.end();
  const url = new URL(source.url);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: source.url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  } as Database;
}
