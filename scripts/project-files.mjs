#!/usr/bin/env node
// Runs a checker (prettier, eslint) over the project's own files only: what git tracks. A data
// directory under another name (DATA_DIR=./data-dev), logs or scratch files never fail the build.
// Outside a git checkout (an unpacked tarball) it falls back to the source folders.
//
//   node scripts/project-files.mjs <ext,ext|*> <command> [args…]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['.ci', 'bench', 'docs', 'e2e', 'sandbox', 'scripts', 'server', 'web'];
const SKIP = new Set(['node_modules', 'dist', '.tmp', 'coverage']);

function walk(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(rel);
    return entry.isFile() ? [rel] : [];
  });
}

/** The project's files, relative to the root. */
export function projectFiles() {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (git.status === 0) {
    // Deleted but not yet staged files are still listed by git: skip them.
    return git.stdout.split('\0').filter((f) => f && existsSync(path.join(root, f)));
  }
  const topLevel = readdirSync(root).filter((f) => statSync(path.join(root, f)).isFile());
  return [
    ...topLevel,
    ...SOURCE_FOLDERS.filter((d) => existsSync(path.join(root, d))).flatMap(walk),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [exts, command, ...args] = process.argv.slice(2);
  if (!exts || !command) {
    console.error('usage: node scripts/project-files.mjs <ext,ext|*> <command> [args…]');
    process.exit(2);
  }
  const wanted = exts === '*' ? undefined : exts.split(',').map((e) => `.${e}`);
  const files = projectFiles().filter((f) => !wanted || wanted.some((e) => f.endsWith(e)));
  const local = path.join(root, 'node_modules', '.bin', command);
  let status = 0;
  // Chunks keep each command line well under the OS limit.
  for (let i = 0; i < files.length; i += 2000) {
    const run = spawnSync(
      existsSync(local) ? local : command,
      [...args, ...files.slice(i, i + 2000)],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    status ||= run.status ?? 1;
  }
  process.exit(status);
}
