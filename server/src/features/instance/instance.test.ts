import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, uniqueEmail, uniqueIp } from '../../test/factories.js';

const open = await createTestApp({ env: { SANDBOX: 'true' }, mailTransport: 'configured' });
const closed = await createTestApp({ env: { SANDBOX: 'false', SIGNUP_OPEN: 'false' } });
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('GET /api/v1/instance', () => {
  it('tells anyone, signed in or not, what this server is and offers', async () => {
    const res = await open.app.inject({ method: 'GET', url: '/api/v1/instance' });
    expect(res.statusCode).toBe(200);
    const info = res.json();
    expect(info).toEqual({
      version,
      embedded: true,
      sandbox: true,
      signupOpen: true,
      mail: { enabled: true, sandbox: true },
      features: expect.arrayContaining(['auth', 'contacts', 'settings', 'instance']),
    });
    expect([...info.features].sort()).toEqual(info.features);
  });

  it('says when the sandbox is off and sign-up is by invitation only', async () => {
    const res = await closed.app.inject({ method: 'GET', url: '/api/v1/instance' });
    expect(res.json()).toMatchObject({
      sandbox: false,
      signupOpen: false,
      mail: { enabled: false, sandbox: false },
    });
  });
});

describe('SIGNUP_OPEN=false', () => {
  it('refuses a sign-up without an invitation with 403', async () => {
    const res = await request(
      closed.app,
      null,
      'POST',
      '/api/v1/auth/signup',
      { email: uniqueEmail(), password: 'correct horse battery', name: 'X', orgName: 'X' },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });
});
