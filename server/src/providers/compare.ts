import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality. Both sides are hashed first so that the comparison takes the
 * same time whatever the lengths (timingSafeEqual itself requires equal lengths).
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && Buffer.byteLength(a) === Buffer.byteLength(b);
}
