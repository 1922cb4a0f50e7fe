import { and, eq, type SQL } from 'drizzle-orm';
import { integer, PgDialect, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  decodeCursor,
  decodeIdCursor,
  encodeCursor,
  idPageRequest,
  keyset,
  PaginationQuery,
  toPage,
} from './pagination.js';

const b64 = (value: string) => Buffer.from(value).toString('base64url');

function invalidCursor(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const appError = err as AppError;
    expect(appError.code).toBe('invalid_cursor');
    expect(appError.status).toBe(400);
    expect(appError.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    return appError;
  }
  throw new Error('expected invalid_cursor');
}

describe('cursors', () => {
  it('round-trips a sort key of strings and numbers, URL-safe', () => {
    const key = ['2026-03-29T01:00:00.000Z', 42, 'ünïcode/+?&='];
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 3)).toEqual(key);
  });

  it.each([
    ['not base64 json', '%%%'],
    ['base64 of non-JSON', b64('hello')],
    ['a JSON object', b64('{"id":"x"}')],
    ['a key of the wrong arity', encodeCursor(['a', 'b'])],
    ['a key holding an object', b64('[{"$gt":""}]')],
    ['a key holding null', b64('[null]')],
    ['the empty string', ''],
  ])('rejects %s with invalid_cursor', (_label, cursor) => {
    invalidCursor(() => decodeCursor(cursor, 1));
  });

  it('accepts only UUIDs in an id cursor, so a forged value never reaches SQL', () => {
    const id = '0190a6b0-7e2f-7c3a-9b1d-2f4e5a6b7c8d';
    expect(decodeIdCursor(encodeCursor([id]))).toBe(id);
    expect(decodeIdCursor(undefined)).toBeUndefined();
    invalidCursor(() => decodeIdCursor(encodeCursor(["' or 1=1 --"])));
    invalidCursor(() => decodeIdCursor(encodeCursor([123])));
  });
});

describe('toPage', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}` }));

  it('returns `limit` items and a cursor at the last one when the repo found one more', () => {
    const page = toPage(rows.slice(0, 4), 3, (r) => r.id);
    expect(page.items.map((r) => r.id)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['id-2']);
  });

  it('has no next cursor on the last page', () => {
    expect(toPage(rows.slice(0, 3), 3, (r) => r.id)).toEqual({
      items: rows.slice(0, 3),
      nextCursor: null,
    });
    expect(toPage([], 3, (r: { id: string }) => r.id)).toEqual({ items: [], nextCursor: null });
  });
});

describe('toPage with a whole sort key', () => {
  const rows = Array.from({ length: 4 }, (_, i) => ({ at: `2026-01-0${i + 1}`, id: `id-${i}` }));

  it('puts the key of the last item in the cursor', () => {
    const page = toPage(rows, 2, (r) => [r.at, r.id]);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!, 2)).toEqual(['2026-01-02', 'id-1']);
  });

  it('encodes it the list’s own way when given an encoder', () => {
    const page = toPage(
      rows,
      3,
      (r) => [r.id],
      ([id]) => `after:${id}`,
    );
    expect(page.nextCursor).toBe('after:id-2');
    expect(
      toPage(
        rows,
        4,
        (r) => [r.id],
        () => 'never',
      ).nextCursor,
    ).toBeNull();
  });
});

describe('keyset', () => {
  const items = pgTable('items', {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
  });
  const dialect = new PgDialect();
  const render = (fragment: SQL | undefined) => {
    const { sql, params } = dialect.sqlToQuery(fragment!);
    return { sql, params };
  };
  const id = '0190a6b0-7e2f-7c3a-9b1d-2f4e5a6b7c8d';

  it('has no condition on the first page and asks for one row more than the page', () => {
    const k = keyset([items.id], 'desc', { after: undefined, limit: 50 });
    expect(k.where).toBeUndefined();
    expect(k.limit).toBe(51);
    expect(k.orderBy.map((o) => render(o).sql)).toEqual(['"items"."id" desc']);
  });

  it('continues after the cursor: < newest first, > oldest first', () => {
    const newest = keyset([items.id], 'desc', { after: [id], limit: 10 });
    expect(render(newest.where)).toEqual({ sql: '"items"."id" < $1', params: [id] });
    const oldest = keyset([items.id], 'asc', { after: [id], limit: 10 });
    expect(render(oldest.where)).toEqual({ sql: '"items"."id" > $1', params: [id] });
    expect(oldest.orderBy.map((o) => render(o).sql)).toEqual(['"items"."id" asc']);
  });

  it('compares a (sortColumn, id) pair as a row', () => {
    const k = keyset([items.rank, items.id], 'desc', { after: [3, id], limit: 10 });
    expect(render(k.where)).toEqual({
      sql: '("items"."rank", "items"."id") < ($1, $2)',
      params: [3, id],
    });
    expect(k.orderBy.map((o) => render(o).sql)).toEqual([
      '"items"."rank" desc',
      '"items"."id" desc',
    ]);
  });

  it('composes with the filters of a list', () => {
    const k = keyset([items.id], 'asc', { after: [id], limit: 10 });
    expect(render(and(eq(items.orgId, id), k.where)).sql).toBe(
      '("items"."org_id" = $1 and "items"."id" > $2)',
    );
  });

  it('refuses a key of another arity with invalid_cursor', () => {
    invalidCursor(() => keyset([items.rank, items.id], 'asc', { after: [id], limit: 10 }));
  });

  it('round-trips an id cursor from one page to the next', () => {
    const page = toPage([{ id }, { id: 'x' }], 1, (r) => r.id);
    expect(idPageRequest({ limit: 1, cursor: page.nextCursor! })).toEqual({
      after: [id],
      limit: 1,
    });
    expect(idPageRequest({ limit: 5 })).toEqual({ after: undefined, limit: 5 });
    invalidCursor(() => idPageRequest({ limit: 5, cursor: encodeCursor(['nope']) }));
  });
});

describe('PaginationQuery', () => {
  it('defaults the limit and coerces it from the query string', () => {
    expect(PaginationQuery.parse({})).toEqual({ limit: 50 });
    expect(PaginationQuery.parse({ limit: '10', cursor: 'abc' })).toEqual({
      limit: 10,
      cursor: 'abc',
    });
  });

  it.each(['0', '201', '1.5', 'ten'])('refuses limit=%s', (limit) => {
    expect(PaginationQuery.safeParse({ limit }).success).toBe(false);
  });
});
