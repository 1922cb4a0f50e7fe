import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  decodeCursor,
  decodeIdCursor,
  encodeCursor,
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
