import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../app.js';
import { createTestApp, TEST_ORIGIN } from '../../test/app.js';
import { request, uniqueEmail } from '../../test/factories.js';
import { DateRangeQuery, parseDateRange } from '../date-range.js';

const { app, database, services, config } = await createTestApp();

/**
 * A second app on the same database with routes that fail the way real code can: a programming
 * error and a failed SQL statement. Its log is captured to show the details go there instead.
 */
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString());
    done();
  },
});
const failing: FastifyInstance = await buildApp({
  config,
  database,
  services,
  logger: pino({ level: 'error' }, logSink),
  webDist: false,
});
failing.get('/api/v1/test/throws', async () => {
  throw new Error('invariant broken at /srv/switchboard/secret-path.ts');
});
failing.get('/api/v1/test/bad-sql', async () => {
  await database.db.execute(sql`select password_hash from no_such_table_for_test`);
  return {};
});
failing.get(
  '/api/v1/test/range',
  { schema: { querystring: DateRangeQuery.strict() } },
  async (req) => {
    const range = parseDateRange(req.query as DateRangeQuery);
    return { granularity: range.granularity };
  },
);
await failing.ready();
afterAll(() => failing.close());

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Record<string, unknown>>();
  expect(body).toMatchObject({
    type: `${TEST_ORIGIN}/api/docs/problems#${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    requestId: res.headers['x-request-id'],
  });
  expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return body;
}

const login = (payload: string, contentType = 'application/json') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { origin: TEST_ORIGIN, 'content-type': contentType },
    payload,
  });

describe('problem+json for client errors', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    expectProblem(await login('{"email": "a@example.com", '), 400, 'malformed_json');
  });

  it('answers an empty JSON body with 400 malformed_json', async () => {
    expectProblem(await login(''), 400, 'malformed_json');
  });

  it('answers wrong types with 400 validation_failed naming each field', async () => {
    const res = await request(app, null, 'POST', '/api/v1/auth/signup', {
      email: 42,
      password: true,
      name: 'Someone',
      orgName: 'Org',
    });
    const body = expectProblem(res, 400, 'validation_failed');
    const errors = body.errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path).sort()).toEqual(['email', 'password']);
    for (const e of errors) expect(e.message).toEqual(expect.any(String));
  });

  it('refuses unknown fields in a strict body with 400 validation_failed', async () => {
    const res = await request(app, null, 'POST', '/api/v1/auth/login', {
      email: uniqueEmail(),
      password: 'whatever password',
      isAdmin: true,
    });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(body.errors).toEqual([{ path: 'body', message: expect.stringContaining('isAdmin') }]);
  });

  it('answers a body over 1 MiB with 413 payload_too_large', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) });
    expectProblem(await login(huge), 413, 'payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const json = JSON.stringify({ email: uniqueEmail(), password: 'some password' });
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ]) {
      expectProblem(await login(json, type), 415, 'unsupported_media_type');
    }
  });

  it('refuses a text/plain body (the content type forms can send cross-site) with 415', async () => {
    const json = JSON.stringify({ email: uniqueEmail(), password: 'some password' });
    expectProblem(await login(json, 'text/plain'), 415, 'unsupported_media_type');
  });

  it('answers an unknown /api route with a 404 problem', async () => {
    const res = await request(app, null, 'GET', '/api/v1/no-such-thing?x=1');
    const body = expectProblem(res, 404, 'not_found');
    expect(body.detail).toBe('No route for GET /api/v1/no-such-thing.');
    expectProblem(await request(app, null, 'DELETE', '/api/v2/anything'), 404, 'not_found');
  });

  it('maps an AppError with field errors (the date-range parser) to its status with errors', async () => {
    const res = await failing.inject({
      method: 'GET',
      url: '/api/v1/test/range?from=2026-03-02&to=2026-03-01&tz=Europe/Berlin',
    });
    const body = expectProblem(res, 422, 'range_inverted');
    expect(body.errors).toEqual([{ path: 'from', message: 'must be before `to`' }]);
    const ok = await failing.inject({ method: 'GET', url: '/api/v1/test/range?from=2026-03-01' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('unexpected exceptions', () => {
  it('answers a thrown Error with 500 internal_error, logging the details instead', async () => {
    const res = await failing.inject({ method: 'GET', url: '/api/v1/test/throws' });
    const body = expectProblem(res, 500, 'internal_error');
    expect(res.body).not.toContain('secret-path');
    expect(res.body).not.toContain('invariant');
    expect(body).not.toHaveProperty('stack');
    const logged = logLines.find((l) => l.includes(res.headers['x-request-id'] as string));
    expect(logged).toContain('secret-path');
  });

  it('never sends SQL or database messages to the client', async () => {
    const res = await failing.inject({ method: 'GET', url: '/api/v1/test/bad-sql' });
    expectProblem(res, 500, 'internal_error');
    expect(res.body).not.toMatch(/no_such_table|password_hash|select|relation/i);
    expect(logLines.join('\n')).toContain('no_such_table_for_test');
  });
});

describe('request ids', () => {
  it('sends X-Request-Id on successes too, and a fresh one per request', async () => {
    const a = await app.inject({ method: 'GET', url: '/healthz' });
    const b = await app.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).toEqual(expect.any(String));
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('uses the same id in the header and the body of an error', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/me' });
    const body = expectProblem(res, 401, 'unauthenticated');
    expect(z.string().parse(body.requestId)).toBe(res.headers['x-request-id']);
  });
});
