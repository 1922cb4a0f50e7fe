import { asc, desc, gt, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from './errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const PaginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional(),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The one error for a cursor this API did not hand out (or one that was edited). */
export const invalidCursor = () =>
  new AppError('invalid_cursor', 'The cursor is not valid. Start again without one.', {
    errors: [{ path: 'cursor', message: 'not a cursor returned by this endpoint' }],
  });

/**
 * Cursors are opaque to clients: base64url JSON of the sort key of the last item returned.
 * Keyset pagination, so pages stay stable while rows are inserted.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity ||
    !parsed.every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    throw invalidCursor();
  }
  return parsed as (string | number)[];
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a cursor holding one UUID (lists ordered by UUIDv7 id, newest first). */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !UUID_RE.test(id)) {
    throw invalidCursor();
  }
  return id;
}

/** The sort key of a row as a cursor holds it: strings and numbers. */
export type CursorKey = readonly (string | number)[];

/** One page to fetch: the key of the last row already seen (none on the first page), and the size. */
export interface PageRequest {
  after: CursorKey | undefined;
  limit: number;
}

/** `?cursor=&limit=` of a list ordered by UUIDv7 id; a cursor that is not one is invalid_cursor. */
export function idPageRequest(query: PaginationQuery): PageRequest {
  const id = decodeIdCursor(query.cursor);
  return { after: id === undefined ? undefined : [id], limit: query.limit };
}

export interface Keyset {
  /** Rows after the cursor; undefined on the first page (`and()` drops it). */
  where: SQL | undefined;
  orderBy: SQL[];
  /** One more row than the page, so `toPage` knows whether there is a next one. */
  limit: number;
}

/**
 * The keyset part of a list query: ordered by `columns` — the sort column(s) ending in a unique
 * one, usually just the UUIDv7 id, or (sortColumn, id) — in `direction`, after the decoded cursor.
 *
 *   const k = keyset([contacts.id], 'desc', page);
 *   db.select().from(contacts).where(and(eq(contacts.orgId, orgId), k.where))
 *     .orderBy(...k.orderBy).limit(k.limit);
 *
 * One column is a plain `id < $1` (`>` ascending); several compare as a row, `(a, b) < ($1, $2)`,
 * which an index on (a, b) serves.
 */
export function keyset(
  columns: readonly [AnyColumn, ...AnyColumn[]],
  direction: 'asc' | 'desc',
  page: PageRequest,
): Keyset {
  const { after } = page;
  let where: SQL | undefined;
  if (after !== undefined) {
    if (after.length !== columns.length) throw invalidCursor();
    if (columns.length === 1) {
      where = (direction === 'asc' ? gt : lt)(columns[0], after[0]);
    } else {
      const op = direction === 'asc' ? sql.raw('>') : sql.raw('<');
      const values = after.map((v) => sql`${v}`);
      where = sql`(${sql.join([...columns], sql`, `)}) ${op} (${sql.join(values, sql`, `)})`;
    }
  }
  const order = direction === 'asc' ? asc : desc;
  return { where, orderBy: columns.map((c) => order(c)), limit: page.limit + 1 };
}

/**
 * Takes the `limit + 1` rows fetched by the repository (see `keyset`) and builds the page: the
 * next cursor holds the key of the last item (`keyOf`: one value or the whole sort key), encoded
 * as every cursor is unless a list keeps an older format (`encode`).
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string | CursorKey,
  encode: (key: CursorKey) => string = encodeCursor,
): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  if (!hasMore || last === undefined) return { items, nextCursor: null };
  const key = keyOf(last);
  return { items, nextCursor: encode(typeof key === 'string' ? [key] : key) };
}
