import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, uniqueEmail } from '../../test/factories.js';

const { app } = await createTestApp();

describe('sign-up, sign-in and sessions', () => {
  it('signs up a user who owns a new organization and is signed in', async () => {
    const email = uniqueEmail();
    const alice = await signUp(app, { email, orgName: 'Acme' });
    expect(alice.user.email).toBe(email);
    const me = await request(app, alice, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships).toEqual([
      { org: { id: alice.org.id, name: 'Acme' }, role: 'owner' },
    ]);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const email = uniqueEmail();
    await signUp(app, { email });
    const res = await request(app, null, 'POST', '/api/v1/auth/signup', {
      email: email.toUpperCase(),
      password: 'another password',
      name: 'Copy',
      orgName: 'Other',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'email_taken', errors: [{ path: 'email' }] });
  });

  it('logs in with the right password, rotating the session token', async () => {
    const alice = await signUp(app);
    const res = await request(app, alice, 'POST', '/api/v1/auth/login', {
      email: alice.user.email,
      password: alice.password,
    });
    expect(res.statusCode).toBe(200);
    const newCookie = res.cookies.find((c) => c.name === 'sb_session')!;
    expect(`sb_session=${newCookie.value}`).not.toBe(alice.headers.cookie);
    expect(newCookie.httpOnly).toBe(true);
    expect(newCookie.sameSite).toBe('Lax');
    // The session presented at login was replaced.
    const old = await request(app, alice, 'GET', '/api/v1/me');
    expect(old.statusCode).toBe(401);
  });

  it('rejects a wrong password with invalid_credentials and records the failure', async () => {
    const alice = await signUp(app);
    const res = await request(app, null, 'POST', '/api/v1/auth/login', {
      email: alice.user.email,
      password: 'wrong password!',
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
    const log = await request(
      app,
      alice,
      'GET',
      `/api/v1/orgs/${alice.org.id}/audit-log?action=auth.login_failed`,
    );
    expect(log.json().items).toHaveLength(1);
  });

  it('logs out: the cookie stops working', async () => {
    const alice = await signUp(app);
    const out = await request(app, alice, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect((await request(app, alice, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('treats a forged session cookie as signed out', async () => {
    const res = await request(
      app,
      { headers: { cookie: 'sb_session=forged' } },
      'GET',
      '/api/v1/me',
    );
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });
});
