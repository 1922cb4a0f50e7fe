import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';

const { app } = await createTestApp();

describe('operator endpoints', () => {
  it('GET /healthz answers 200 {status: ok} without authentication', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz reports the database reachable and every migration applied', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    });
  });

  it('GET /metrics is Prometheus text with request durations by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({
      method: 'GET',
      url: '/api/v1/orgs/0190c0de-0000-7000-8000-000000000000/members',
    });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE switchboard_http_request_duration_seconds histogram');
    expect(res.body).toMatch(
      /switchboard_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    // Labels carry the route pattern, never raw ids.
    expect(res.body).toContain('route="/api/v1/orgs/:orgId/members"');
    expect(res.body).not.toContain('0190c0de-0000-7000-8000-000000000000');
  });

  it('GET /api/openapi.json is an OpenAPI 3.1 document listing the contract routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/signup',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'GET /api/v1/me',
        'POST /api/v1/orgs',
        'GET /api/v1/orgs/{orgId}',
        'PATCH /api/v1/orgs/{orgId}',
        'GET /api/v1/orgs/{orgId}/members',
        'PATCH /api/v1/orgs/{orgId}/members/{userId}',
        'DELETE /api/v1/orgs/{orgId}/members/{userId}',
        'POST /api/v1/orgs/{orgId}/invitations',
        'GET /api/v1/orgs/{orgId}/invitations',
        'DELETE /api/v1/orgs/{orgId}/invitations/{invitationId}',
        'GET /api/v1/invitations/{token}',
        'POST /api/v1/invitations/{token}/accept',
        'POST /api/v1/orgs/{orgId}/api-keys',
        'GET /api/v1/orgs/{orgId}/api-keys',
        'DELETE /api/v1/orgs/{orgId}/api-keys/{keyId}',
        'GET /api/v1/orgs/{orgId}/audit-log',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
    // The API-key response schema is a whitelist: the secret appears only where it is created.
    const schemas = JSON.stringify(doc);
    expect(schemas).not.toContain('keyHash');
    expect(schemas).not.toContain('passwordHash');
  });

  it('GET /api/docs serves the human-readable docs as HTML', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html');
  });
});

describe('GET /metrics outside development', () => {
  it('with METRICS_TOKEN, answers only that bearer token', async () => {
    const token = 'metrics-token-for-the-scraper-0123456789';
    const { app: guarded } = await createTestApp({ env: { METRICS_TOKEN: token } });
    const none = await guarded.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.body).not.toContain('switchboard_');
    const wrong = await guarded.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await guarded.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('switchboard_http_request_duration_seconds');
  });

  it('in production without METRICS_TOKEN, is not served', async () => {
    const { app: production } = await createTestApp({
      env: { NODE_ENV: 'production', PUBLIC_URL: 'https://switchboard.example.com' },
    });
    const res = await production.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('switchboard_');
  });
});
