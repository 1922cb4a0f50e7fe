#!/usr/bin/env node
// `npm start`: builds whatever is missing or out of date (server, web app), then runs the
// Switchboard CLI (default command: serve). Works on a fresh clone after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAsChild } from './lib/run-child.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (name === 'node_modules' || name === 'dist' || name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

function outdated(output, inputs) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return built === 0 || inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

function run(script, what) {
  console.log(`[switchboard] building ${what}…`);
  const result = spawnSync(npm, ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[switchboard] building ${what} failed (npm run ${script}).`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(path.join(root, 'node_modules'))) {
  console.error('[switchboard] dependencies are not installed: run `npm install` first.');
  process.exit(1);
}
const serverMain = path.join(root, 'server/dist/server/src/main.js');
if (outdated(serverMain, ['server/src', 'sandbox', 'server/tsconfig.json', 'tsconfig.base.json'])) {
  run('build:server', 'the server');
}
const webIndex = path.join(root, 'web/dist/index.html');
if (outdated(webIndex, ['web/src', 'web/index.html', 'web/vite.config.ts'])) {
  run('build:web', 'the web app');
}

const args = process.argv.slice(2);
runAsChild(process.execPath, ['--enable-source-maps', serverMain, ...args], { cwd: root });
