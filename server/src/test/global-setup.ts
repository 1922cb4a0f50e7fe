import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres, wrapPglite } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { createJobRunner } from '../platform/jobs/registry.js';
import { projectRoot } from '../lib/paths.js';

/** Per run, so two test runs against one PostgreSQL server don't drop each other's template. */
export const TEMPLATE_DB = `switchboard_test_template_${process.pid}`;

/**
 * Migrate once: a PGlite data-dir dump (or a PostgreSQL template database) that every test file
 * copies. pg-boss's schema is installed too, so tests that enqueue jobs don't pay for it.
 */
export default async function setup(project: TestProject) {
  const logger = pino({ level: 'silent' });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    const database = openPostgres(templateUrl.toString(), { poolSize: 2 });
    await runMigrations(database);
    const jobs = createJobRunner(database, logger);
    await jobs.start({ work: false, jobs: [] });
    await jobs.stop();
    await database.close();
    project.provide('testDatabase', { kind: 'postgres', url, template: TEMPLATE_DB });
    return async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
      await cleanup.end();
    };
  }
  const pglite = await openPglite(undefined);
  const database = wrapPglite(pglite);
  await runMigrations(database);
  const jobs = createJobRunner(database, logger);
  await jobs.start({ work: false, jobs: [] });
  await jobs.stop();
  const dump = await pglite.dumpDataDir('none');
  const dir = path.join(projectRoot(), '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `test-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('testDatabase', { kind: 'pglite', file });
  return () => rmSync(file, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase:
      { kind: 'postgres'; url: string; template: string } | { kind: 'pglite'; file: string };
  }
}
