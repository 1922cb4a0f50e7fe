#!/usr/bin/env node
// Fails when committed generated files are stale or migrations were edited:
//  1. the OpenAPI document and the web app's API types match the server's routes;
//  2. the Drizzle schema and the migrations agree (drizzle-kit generate has nothing to add);
//  3. migrations are append-only: no landed migration file was ever modified.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sh = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8' });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let failed = false;
const fail = (message) => {
  console.error(`✗ ${message}`);
  failed = true;
};

const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root }).status === 0;
if (!inGit) {
  console.log('not a git checkout: generated-file checks skipped');
  process.exit(0);
}

const generated = ['docs/openapi.json', 'web/src/lib/api/schema.gen.ts'];
sh(npx, ['tsx', 'scripts/generate-api.ts']);
const apiDrift = sh('git', ['status', '--porcelain', '--', ...generated]).trim();
if (apiDrift) {
  fail(`API artefacts are out of date — run \`npm run gen\` and commit:\n${apiDrift}`);
  console.error(sh('git', ['diff', '--stat', '--', ...generated]));
}

const migrations = 'server/src/db/migrations';
sh(npx, ['drizzle-kit', 'generate', '--name', 'drift_check']);
const schemaDrift = sh('git', ['status', '--porcelain', '--', migrations]).trim();
if (schemaDrift) {
  fail(
    `The Drizzle schema and the migrations disagree — run \`npm run db:generate\`, review and commit:\n${schemaDrift}`,
  );
}

const edited = sh('git', [
  'log',
  '--diff-filter=MDR',
  '--name-only',
  '--format=',
  '--',
  `${migrations}/*.sql`,
])
  .split('\n')
  .filter(Boolean);
if (edited.length)
  fail(
    `Landed migrations were edited or removed (append-only!):\n${[...new Set(edited)].join('\n')}`,
  );

if (failed) process.exit(1);
console.log(
  '✓ generated files are up to date; migrations agree with the schema and are append-only',
);
