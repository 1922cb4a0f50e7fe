#!/usr/bin/env node
// Fails when source, tests, scripts or CI reach for a path outside the repository (a folder
// beside the checkout such as ../shared, or an absolute path on one machine): a fresh clone
// with nothing beside it must build and pass its tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectFiles, root } from './project-files.mjs';

const self = path.relative(root, fileURLToPath(import.meta.url));
const CODE = /\.(c|m)?[jt]sx?$|\.json$|\.sh$|\.ya?ml$|^\.ci\/|\.gitignore$|\.prettierignore$/;

/** A quoted relative path (`..`, `../x`, `./../x`), resolved from the file's own folder. */
const RELATIVE = /(['"`])((?:\.\/)?\.\.(?:\/[^'"`\s]*)?)\1/g;
const RULES = [
  {
    // `path.join(projectRoot(), '..', …)`, `resolve(root, '../x')`: one level above the root.
    test: /\b(projectRoot\(\)|root|ROOT|repoRoot|process\.cwd\(\))\s*,\s*['"`]\.\.(?:\/|['"`])/,
    why: 'climbs above the repository root',
  },
  {
    test: /\bshared\/vectors\b|\.\.\/shared\b|['"]shared['"],\s*['"]vectors['"]/,
    why: 'reads ../shared',
  },
  { test: /(['"`])\/(work|home|root|Users)\/[^'"`]*\1/, why: 'an absolute path on one machine' },
];

const problems = [];
for (const file of projectFiles()) {
  if (file === self || file === 'package-lock.json' || !CODE.test(file)) continue;
  const text = readFileSync(path.join(root, file), 'utf8');
  const dir = path.dirname(path.join(root, file));
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    // Comments and glob patterns (lint import rules) name no file.
    const comment = /^\s*(\/\/|\*|\/\*|#)/.test(line);
    for (const [, , rel] of comment ? [] : line.matchAll(RELATIVE)) {
      if (/[*?[\]{}]/.test(rel)) continue;
      const target = path.resolve(dir, rel);
      if (path.relative(root, target).startsWith('..'))
        problems.push(`${where}: '${rel}' leaves the repository`);
    }
    for (const rule of RULES)
      if (rule.test.test(line)) problems.push(`${where}: ${rule.why}: ${line.trim()}`);
  });
}

if (problems.length) {
  console.error(
    `✗ paths outside the repository (a clone must stand alone):\n${problems.join('\n')}`,
  );
  process.exit(1);
}
console.log('✓ no source, test, script or CI file reaches outside the repository');
