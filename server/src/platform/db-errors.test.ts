import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from './db-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('is true for a database that is down, restarting or cut off', () => {
    for (const err of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new AggregateError([withCode('ECONNREFUSED')]),
      // drizzle wraps the driver's error
      new Error('Failed query: select 1', { cause: withCode('57P01') }),
    ]) {
      expect(isDatabaseUnreachable(err), String(err)).toBe(true);
    }
  });

  it('is false for errors the same statement would get again', () => {
    for (const err of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('22P02', 'invalid input syntax for type uuid'),
      withCode('42P01', 'relation "x" does not exist'),
      new Error('Failed query: insert', { cause: withCode('23502') }),
      new Error('boom'),
      undefined,
    ]) {
      expect(isDatabaseUnreachable(err), String(err)).toBe(false);
    }
  });
});
