import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths.js';

/** Where the repository keeps its copies of the public test vectors (see its README). */
export const VECTORS_DIR = 'server/test/vectors';

/** One vector file from `server/test/vectors/`, parsed. */
export function loadVectors<T>(file: string): T {
  const full = path.join(projectRoot(), VECTORS_DIR, file);
  if (!existsSync(full)) throw new Error(`missing vector file ${full}`);
  return JSON.parse(readFileSync(full, 'utf8')) as T;
}
