import type { InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createServices } from '../../services.js';
import { createTestApp, testConfig } from '../../test/app.js';
import { addMember, createApiKey, request, signUp, uniqueEmail } from '../../test/factories.js';

const { app, database } = await createTestApp();

const owner = await signUp(app, { orgName: 'Origin Checks' });
const invitationsUrl = `/api/v1/orgs/${owner.org.id}/invitations`;

/** A cookie-authenticated request with exactly these extra headers (no default Origin). */
const asBrowser = (
  method: InjectOptions['method'],
  url: string,
  headers: Record<string, string>,
  payload?: object,
) =>
  app.inject({
    method,
    url,
    headers: { ...owner.headers, ...headers },
    ...(payload && { payload }),
  });

async function pendingInvitationEmails(): Promise<string[]> {
  const res = await request(app, owner, 'GET', invitationsUrl);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: { email: string }[] }>().items.map((i) => i.email);
}

describe('cross-origin protection of cookie-authenticated writes', () => {
  it.each([
    ['no Origin and no Sec-Fetch-Site', {}],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['a look-alike Origin', { origin: 'http://localhost:3000.evil.example' }],
    [
      'Sec-Fetch-Site: cross-site',
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' },
    ],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a POST with %s, and nothing is created', async (_label, headers) => {
    const email = uniqueEmail('csrf');
    const res = await asBrowser('POST', invitationsUrl, headers, { email, role: 'admin' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('cross_origin_request');
    expect(await pendingInvitationEmails()).not.toContain(email);
  });

  it('refuses PATCH and DELETE from another origin too', async () => {
    const rename = await asBrowser(
      'PATCH',
      `/api/v1/orgs/${owner.org.id}`,
      { origin: 'https://evil.example' },
      { name: 'Pwned' },
    );
    expect(rename.statusCode).toBe(403);
    const org = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}`);
    expect(org.json().name).toBe('Origin Checks');

    const member = await addMember(app, owner, 'viewer');
    const removal = await asBrowser(
      'DELETE',
      `/api/v1/orgs/${owner.org.id}/members/${member.user.id}`,
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(removal.statusCode).toBe(403);
    const members = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/members`);
    expect(members.body).toContain(member.user.id);
  });

  it('accepts the same origin, by Origin or by Sec-Fetch-Site', async () => {
    const byOrigin = uniqueEmail('ok');
    const a = await asBrowser(
      'POST',
      invitationsUrl,
      { origin: 'http://localhost:3000' },
      {
        email: byOrigin,
        role: 'member',
      },
    );
    expect(a.statusCode).toBe(201);
    const bySite = uniqueEmail('ok');
    const b = await asBrowser(
      'POST',
      invitationsUrl,
      { 'sec-fetch-site': 'same-origin' },
      {
        email: bySite,
        role: 'member',
      },
    );
    expect(b.statusCode).toBe(201);
    expect(await pendingInvitationEmails()).toEqual(expect.arrayContaining([byOrigin, bySite]));
  });

  it('lets safe methods through without an Origin (links, reloads)', async () => {
    const res = await asBrowser('GET', '/api/v1/me', {});
    expect(res.statusCode).toBe(200);
  });

  it('protects sign-in against login CSRF, however the path is spelled', async () => {
    for (const url of ['/api/v1/auth/login', '/%61pi/v1/auth/login', '/api/v1/auth/%6cogin']) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { origin: 'https://evil.example' },
        payload: { email: owner.user.email, password: owner.password },
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.cookies, url).toEqual([]);
    }
  });
});

describe('API keys', () => {
  it('are exempt: a Bearer request needs no Origin', async () => {
    const key = await createApiKey(app, owner, ['admin']);
    const email = uniqueEmail('bykey');
    const res = await app.inject({
      method: 'POST',
      url: invitationsUrl,
      headers: key.headers,
      payload: { email, role: 'viewer' },
    });
    expect(res.statusCode).toBe(201);
    expect(await pendingInvitationEmails()).toContain(email);
  });

  it('cannot be faked to ride on the cookie: an invalid Bearer token is a 401', async () => {
    const email = uniqueEmail('fake');
    const res = await asBrowser(
      'POST',
      invitationsUrl,
      { authorization: 'Bearer not-a-key', origin: 'https://evil.example' },
      { email, role: 'admin' },
    );
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(await pendingInvitationEmails()).not.toContain(email);
  });
});

describe('security headers', () => {
  it('are on JSON responses and errors alike, without HSTS over plain http', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/api/v1/nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  describe('behind https (secure cookies)', async () => {
    const httpsOrigin = 'https://switchboard.example';
    const secureConfig = testConfig({ PUBLIC_URL: httpsOrigin });
    const secure = await buildApp({
      config: secureConfig,
      database,
      services: createServices(secureConfig, database),
      logger: pino({ level: 'silent' }),
      webDist: false,
    });
    afterAll(() => secure.close());

    it('sends HSTS', async () => {
      const res = await secure.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });

    it('sets a __Host- session cookie that is Secure, HttpOnly and SameSite=Lax', async () => {
      const res = await secure.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { origin: httpsOrigin },
        payload: { email: owner.user.email, password: owner.password },
      });
      expect(res.statusCode).toBe(200);
      expect(res.cookies).toEqual([
        expect.objectContaining({
          name: '__Host-sb_session',
          secure: true,
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
        }),
      ]);
      expect(res.cookies[0]).not.toHaveProperty('domain');
    });

    it('only trusts its own origin', async () => {
      const res = await secure.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { origin: 'http://localhost:3000' },
        payload: { email: owner.user.email, password: owner.password },
      });
      expect(res.statusCode).toBe(403);
    });
  });
});

describe('CSP report endpoint', () => {
  const report = JSON.stringify({
    'csp-report': {
      'document-uri': 'http://localhost:3000/orgs/x',
      'violated-directive': "script-src 'nonce-abc'",
      'blocked-uri': 'inline',
    },
  });

  it('accepts application/csp-report from the browser (no Origin) with 204', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/csp-report',
      headers: { 'content-type': 'application/csp-report' },
      payload: report,
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('accepts the Reporting API format and tolerates garbage', async () => {
    for (const [type, payload] of [
      ['application/reports+json', `[{"type":"csp-violation","body":{}}]`],
      ['application/csp-report', '{not json'],
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/csp-report',
        headers: { 'content-type': type!, 'sec-fetch-site': 'cross-site' },
        payload: payload!,
      });
      expect(res.statusCode, type).toBe(204);
    }
  });

  it('caps the report size', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/csp-report',
      headers: { 'content-type': 'application/csp-report' },
      payload: JSON.stringify({ 'csp-report': { sample: 'x'.repeat(20_000) } }),
    });
    expect(res.statusCode).toBe(413);
  });
});
