import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pgliteExtensions, type Database } from './db/client.js';
import { DataDirLockedError, openDatabase } from './runtime.js';
import { testConfig } from './test/app.js';

/**
 * About the embedded database only, so it runs on PGlite whatever TEST_DATABASE_URL says: the
 * config has no DATABASE_URL.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-runtime-'));
const config = testConfig({ DATA_DIR: dataDir });
const logger = pino({ level: 'silent' });
const open: Database[] = [];
afterAll(async () => {
  for (const db of open) await db.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A fresh data directory costs an initdb (5 s or more on two busy cores); when the suite runs on
 * PGlite, start from the migrated template instead (about half of that).
 */
async function seedDataDir() {
  const source = inject('testDatabase');
  if (source.kind !== 'pglite') return;
  const seed = await PGlite.create(path.join(dataDir, 'pg'), {
    loadDataDir: new Blob([readFileSync(source.file)]),
    extensions: pgliteExtensions,
  });
  await seed.close();
}

describe('the DATA_DIR lock', () => {
  it('lets one process at a time open the embedded database', { timeout: 60_000 }, async () => {
    expect(config.databaseUrl).toBeUndefined();
    await seedDataDir();
    const first = await openDatabase(config, logger);
    open.push(first);
    expect(first.kind).toBe('pglite');

    const second = openDatabase(config, logger);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(dataDir);

    await first.close();
    open.pop();

    const reopened = await openDatabase(config, logger);
    open.push(reopened);
    expect(reopened.kind).toBe('pglite');
    await reopened.close();
    open.pop();
  });
});
