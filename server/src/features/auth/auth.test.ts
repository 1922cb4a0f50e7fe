import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations, users } from '../../db/schema/index.js';
import { createTestApp, TEST_ORIGIN } from '../../test/app.js';
import {
  createApiKey,
  invite,
  request,
  sessionHeaders,
  signUp,
  uniqueEmail,
  uniqueIp,
} from '../../test/factories.js';

const { app, database } = await createTestApp();

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

const countUsersWithEmail = async (email: string) => {
  const rows = await database.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return rows.length;
};

describe('sign-up input', () => {
  const valid = () => ({
    email: uniqueEmail(),
    password: 'a long enough password',
    name: 'Valid Name',
    orgName: 'Valid Org',
  });

  it.each([
    ['a short password', { password: 'short' }, 'password', 'must be at least 10 characters'],
    ['a bad email', { email: 'not-an-email' }, 'email', 'must be a valid email address'],
    [
      'no orgName and no invitation',
      { orgName: undefined },
      'orgName',
      'is required (unless you are accepting an invitation)',
    ],
    ['an unknown field', { isAdmin: true }, 'body', 'Unrecognized key: "isAdmin"'],
  ])('refuses %s with a field error and creates nothing', async (_label, patch, path, message) => {
    const body = { ...valid(), ...patch };
    const res = await request(app, null, 'POST', '/api/v1/auth/signup', body, {}, uniqueIp());
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      status: 400,
      errors: [{ path, message }],
    });
    expect(res.cookies).toHaveLength(0);
    if (typeof body.email === 'string') expect(await countUsersWithEmail(body.email)).toBe(0);
  });

  it.each([
    ['a common password', 'password12', 'This is a commonly used password.'],
    ['a repeated character', 'aaaaaaaaaa', 'Repeated characters like "aaa" are easy to guess.'],
    ['a keyboard walk', 'qwertyuiop1', 'This is similar to a commonly used password.'],
  ])('refuses %s as too easy to guess, saying why', async (_label, password, warning) => {
    const body = { ...valid(), password };
    const res = await request(app, null, 'POST', '/api/v1/auth/signup', body, {}, uniqueIp());
    expect(res.statusCode).toBe(400);
    const [error] = res.json().errors;
    expect(error.path).toBe('password');
    expect(error.message).toContain(`is too easy to guess: ${warning}`);
    expect(await countUsersWithEmail(body.email)).toBe(0);
  });

  it("refuses a password that contains the email's local part, whatever its case", async () => {
    const body = valid();
    const local = body.email.split('@')[0]!;
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/signup',
      { ...body, password: `My ${local.toUpperCase()} staple battery` },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'password', message: 'must not contain your email address' },
    ]);
  });

  it('refuses a password built from the name the user gives', async () => {
    const body = { ...valid(), name: 'Zebulon Quixotic', password: 'zebulonquixotic' };
    const res = await request(app, null, 'POST', '/api/v1/auth/signup', body, {}, uniqueIp());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'password' });
  });

  it('refuses malformed JSON with malformed_json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/json' },
      payload: '{"email": "x@example.com",',
      remoteAddress: uniqueIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json' });
  });

  it('stores SQL and HTML metacharacters in names verbatim and changes nothing else', async () => {
    const bystander = await signUp(app, { orgName: 'Bystander Org' });
    const [{ n: usersBefore } = { n: 0 }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users);
    const name = `<script>alert("x")</script> O'Brien`;
    const orgName = `Robert'); DROP TABLE organizations;-- & <b>bold</b>`;
    const mallory = await signUp(app, { name, orgName });
    expect(mallory.user.name).toBe(name);
    expect(mallory.org.name).toBe(orgName);

    const me = await request(app, mallory, 'GET', '/api/v1/me');
    expect(me.headers['content-type']).toContain('application/json');
    expect(me.json()).toMatchObject({
      user: { name },
      memberships: [{ org: { id: mallory.org.id, name: orgName }, role: 'owner' }],
    });
    const org = await request(app, mallory, 'GET', `/api/v1/orgs/${mallory.org.id}`);
    expect(org.json().name).toBe(orgName);

    // Exactly one user more; the other tenant is untouched.
    const [{ n: usersAfter } = { n: 0 }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users);
    expect(usersAfter).toBe(usersBefore + 1);
    const other = await request(app, bystander, 'GET', `/api/v1/orgs/${bystander.org.id}`);
    expect(other.statusCode).toBe(200);
    expect(other.json().name).toBe('Bystander Org');
  });
});

describe('sign-in protection', () => {
  it('rate-limits sign-in to 10 attempts a minute per IP with 429 rate_limited and Retry-After', async () => {
    const alice = await signUp(app);
    const ip = uniqueIp();
    const attempt = (password: string, from = ip) =>
      request(
        app,
        null,
        'POST',
        '/api/v1/auth/login',
        { email: alice.user.email, password },
        {},
        from,
      );
    for (let i = 0; i < 10; i++) {
      expect((await attempt('wrong password!')).statusCode).toBe(401);
    }
    const limited = await attempt(alice.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.cookies).toHaveLength(0);

    // Another client address is not affected.
    const elsewhere = await attempt(alice.password, uniqueIp());
    expect(elsewhere.statusCode).toBe(200);
  });

  it('signs in whatever the case of the email', async () => {
    const alice = await signUp(app);
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/login',
      { email: `  ${alice.user.email.toUpperCase()} `, password: alice.password },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: alice.user.id, email: alice.user.email });
    const me = await request(app, { headers: sessionHeaders(res) }, 'GET', '/api/v1/me');
    expect(me.json().user.id).toBe(alice.user.id);
  });

  it('answers GET /me with an API key with 401 and says a signed-in user is needed', async () => {
    const alice = await signUp(app);
    const key = await createApiKey(app, alice);
    const res = await request(app, key, 'GET', '/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      code: 'unauthenticated',
      detail: 'This endpoint needs a signed-in user, not an API key.',
    });
  });
});

describe('sign-up through an invitation', () => {
  it('joins the inviting organization with the invited role instead of creating one', async () => {
    const owner = await signUp(app, { orgName: 'Inviting Org' });
    const email = uniqueEmail('invitee');
    const { token } = await invite(app, owner, owner.org.id, email, 'admin');
    const [{ n: orgsBefore } = { n: 0 }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(organizations);

    const invitee = await signUp(app, { email, invitationToken: token });
    expect(invitee.org).toMatchObject({ id: owner.org.id, name: 'Inviting Org' });
    const me = await request(app, invitee, 'GET', '/api/v1/me');
    expect(me.json().memberships).toEqual([
      { org: { id: owner.org.id, name: 'Inviting Org' }, role: 'admin' },
    ]);
    const [{ n: orgsAfter } = { n: 0 }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(organizations);
    expect(orgsAfter).toBe(orgsBefore);

    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=auth.signup`,
    );
    // The owner's own sign-up, then the invitee's, newest first.
    expect(log.json().items).toMatchObject([
      { actor: { id: invitee.user.id }, targetId: invitee.user.id },
      { actor: { id: owner.user.id }, targetId: owner.user.id },
    ]);
  });

  it('refuses an invitation sent to another email and creates no account', async () => {
    const owner = await signUp(app);
    const { token } = await invite(app, owner, owner.org.id, uniqueEmail('invited'), 'member');
    const email = uniqueEmail('someone-else');
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/signup',
      { email, password: 'a long enough password', name: 'Else', invitationToken: token },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('invitation_email_mismatch');
    expect(await countUsersWithEmail(email)).toBe(0);
  });
});

describe('audit of sign-up and sign-in', () => {
  it('records auth.signup, auth.login and auth.login_failed in every org of the user', async () => {
    const alice = await signUp(app);
    const second = await request(app, alice, 'POST', '/api/v1/orgs', { name: 'Second Org' });
    expect(second.statusCode).toBe(201);
    const secondOrgId = second.json<{ id: string }>().id;

    const ip = uniqueIp();
    const failed = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/login',
      { email: alice.user.email, password: 'wrong password!' },
      {},
      ip,
    );
    expect(failed.statusCode).toBe(401);
    const login = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/login',
      { email: alice.user.email, password: alice.password },
      {},
      ip,
    );
    expect(login.statusCode).toBe(200);
    const session = { headers: sessionHeaders(login) };

    const actions = async (orgId: string) => {
      const res = await request(
        app,
        session,
        'GET',
        `/api/v1/orgs/${orgId}/audit-log?action=auth.`,
      );
      expect(res.statusCode).toBe(200);
      return res.json<{ items: { action: string; targetId: string; ip: string | null }[] }>().items;
    };
    const first = await actions(alice.org.id);
    expect(first.map((e) => e.action)).toEqual(['auth.login', 'auth.login_failed', 'auth.signup']);
    expect(first.every((e) => e.targetId === alice.user.id)).toBe(true);
    expect(first[0]!.ip).toBe(ip);
    // The second org was created after sign-up, so it sees only the later sign-ins.
    expect((await actions(secondOrgId)).map((e) => e.action)).toEqual([
      'auth.login',
      'auth.login_failed',
    ]);
  });

  it('does not reveal failed sign-ins for unknown emails to any organization', async () => {
    const alice = await signUp(app);
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/login',
      { email: uniqueEmail('nobody'), password: 'whatever password' },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
    const log = await request(
      app,
      alice,
      'GET',
      `/api/v1/orgs/${alice.org.id}/audit-log?action=auth.login_failed`,
    );
    expect(log.json().items).toEqual([]);
  });
});

describe('session probe for the web app', () => {
  it('answers 200 signed out, so a visit logs no failed request', async () => {
    const res = await request(app, null, 'GET', '/api/v1/auth/session');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ signedIn: false, user: null, memberships: [] });
  });

  it('returns the user and memberships when signed in', async () => {
    const alice = await signUp(app, { orgName: 'Probe Org' });
    const res = await request(app, alice, 'GET', '/api/v1/auth/session');
    expect(res.json()).toMatchObject({
      signedIn: true,
      user: { id: alice.user.id },
      memberships: [{ org: { id: alice.org.id, name: 'Probe Org' }, role: 'owner' }],
    });
  });
});
