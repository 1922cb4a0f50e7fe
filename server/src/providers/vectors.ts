import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths.js';

/** The public vectors in ../shared/vectors (beside the repository). */
export function loadVectors<T>(file: string): T {
  const full = path.resolve(projectRoot(), '../shared/vectors', file);
  if (!existsSync(full)) throw new Error(`missing vector file ${full}`);
  return JSON.parse(readFileSync(full, 'utf8')) as T;
}
