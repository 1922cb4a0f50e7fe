import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  request,
  signUp,
  uniqueEmail,
  type SignedUp,
} from '../../test/factories.js';

const { app, database } = await createTestApp();

const keysUrl = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/api-keys`;
const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

describe('creating API keys', () => {
  it('returns the secret once, with the key metadata', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'POST', keysUrl(owner), {
      name: 'CI deploys',
      scopes: ['read', 'write'],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: expect.any(String),
      key: expect.stringMatching(/^sbk_[A-Za-z0-9_-]{40,}$/),
      name: 'CI deploys',
      scopes: ['read', 'write'],
      prefix: created.key.slice(0, 10),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it('never shows or stores the secret again', async () => {
    const owner = await signUp(app);
    const { id, key } = await createApiKey(app, owner, ['admin']);
    // Use it, then look everywhere a key could resurface.
    expect(
      (await request(app, bearer(key), 'GET', `/api/v1/orgs/${owner.org.id}`)).statusCode,
    ).toBe(200);
    const list = await request(app, owner, 'GET', keysUrl(owner));
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toMatchObject([{ id, prefix: key.slice(0, 10) }]);
    expect(Object.keys(list.json().items[0]).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'scopes',
    ]);
    const log = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/audit-log`);
    for (const res of [list, log]) expect(res.body).not.toContain(key.slice(10));

    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
    expect(row!.keyHash).not.toBe(key);
  });

  it('is for signed-in admins only: members get 403, API keys get 403', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const byMember = await request(app, member, 'POST', keysUrl(owner), {
      name: 'mine',
      scopes: ['read'],
    });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().code).toBe('forbidden');

    const adminKey = await createApiKey(app, owner, ['admin']);
    const byKey = await request(app, adminKey, 'POST', keysUrl(owner), {
      name: 'minted by a key',
      scopes: ['admin'],
    });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().code).toBe('forbidden');
    const other = await createApiKey(app, owner, ['read']);
    const revokeByKey = await request(app, adminKey, 'DELETE', `${keysUrl(owner)}/${other.id}`);
    expect(revokeByKey.statusCode).toBe(403);
    expect((await request(app, other, 'GET', `/api/v1/orgs/${owner.org.id}`)).statusCode).toBe(200);

    const list = await request(app, owner, 'GET', keysUrl(owner));
    expect(list.json().items).toHaveLength(2);
  });

  it('refuses empty or repeated scopes with 400', async () => {
    const owner = await signUp(app);
    const empty = await request(app, owner, 'POST', keysUrl(owner), { name: 'k', scopes: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'scopes', message: 'choose at least one scope' }],
    });
    const repeated = await request(app, owner, 'POST', keysUrl(owner), {
      name: 'k',
      scopes: ['read', 'read'],
    });
    expect(repeated.statusCode).toBe(400);
    const unknown = await request(app, owner, 'POST', keysUrl(owner), {
      name: 'k',
      scopes: ['root'],
    });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('authenticating with an API key', () => {
  it('works on its own org’s routes without an Origin header, and records lastUsedAt', async () => {
    const owner = await signUp(app);
    const key = await createApiKey(app, owner, ['admin']);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${owner.org.id}/invitations`,
      headers: { authorization: `Bearer ${key.key}` },
      payload: { email: uniqueEmail(), role: 'member' },
    });
    expect(res.statusCode).toBe(201);
    // The same request from a cookie without Origin is refused: bearer is what exempts it.
    const byCookie = await app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${owner.org.id}/invitations`,
      headers: owner.headers,
      payload: { email: uniqueEmail(), role: 'member' },
    });
    expect(byCookie.statusCode).toBe(403);
    expect(byCookie.json().code).toBe('cross_origin_request');

    const list = await request(app, owner, 'GET', keysUrl(owner));
    const lastUsedAt = list.json().items[0].lastUsedAt;
    expect(lastUsedAt).not.toBeNull();
    expect(Math.abs(Date.parse(lastUsedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('read scope can read but not change (403)', async () => {
    const owner = await signUp(app, { orgName: 'Read Only' });
    const member = await addMember(app, owner, 'member');
    const key = await createApiKey(app, owner, ['read']);
    const members = await request(app, key, 'GET', `/api/v1/orgs/${owner.org.id}/members`);
    expect(members.statusCode).toBe(200);
    expect(members.json().items).toHaveLength(2);
    const patch = await request(app, key, 'PATCH', `/api/v1/orgs/${owner.org.id}`, {
      name: 'Changed',
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
    const role = await request(
      app,
      key,
      'PATCH',
      `/api/v1/orgs/${owner.org.id}/members/${member.user.id}`,
      { role: 'viewer' },
    );
    expect(role.statusCode).toBe(403);
    expect((await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}`)).json().name).toBe(
      'Read Only',
    );
  });

  it('write scope acts as a member: reads, but admin actions are refused (403)', async () => {
    const owner = await signUp(app);
    const key = await createApiKey(app, owner, ['write']);
    expect(
      (await request(app, key, 'GET', `/api/v1/orgs/${owner.org.id}/members`)).statusCode,
    ).toBe(200);
    const invite = await request(app, key, 'POST', `/api/v1/orgs/${owner.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'viewer',
    });
    expect(invite.statusCode).toBe(403);
    const audit = await request(app, key, 'GET', `/api/v1/orgs/${owner.org.id}/audit-log`);
    expect(audit.statusCode).toBe(403);
  });

  it('admin scope can invite (never an owner), audited as the key', async () => {
    const owner = await signUp(app);
    const key = await createApiKey(app, owner, ['admin']);
    const email = uniqueEmail();
    const res = await request(app, key, 'POST', `/api/v1/orgs/${owner.org.id}/invitations`, {
      email,
      role: 'admin',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email, role: 'admin', invitedBy: null });
    const ownerInvite = await request(
      app,
      key,
      'POST',
      `/api/v1/orgs/${owner.org.id}/invitations`,
      {
        email: uniqueEmail(),
        role: 'owner',
      },
    );
    expect(ownerInvite.statusCode).toBe(403);

    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=invitation.created`,
    );
    expect(log.json().items).toMatchObject([
      { actor: { type: 'api_key', id: key.id, name: 'key admin' }, metadata: { email } },
    ]);
  });

  it.each([
    ['an unknown key', 'Bearer sbk_doesnotexistdoesnotexistdoesnotexist00'],
    ['a malformed key', 'Bearer not-a-key'],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers %s with 401 unauthenticated', async (_label, authorization) => {
    const owner = await signUp(app);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${owner.org.id}/members`,
      headers: { authorization },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });
});

describe('revoking API keys', () => {
  it('revokes with 204; the key stops working at once; audited', async () => {
    const owner = await signUp(app);
    const key = await createApiKey(app, owner, ['admin']);
    expect((await request(app, key, 'GET', `/api/v1/orgs/${owner.org.id}`)).statusCode).toBe(200);

    const res = await request(app, owner, 'DELETE', `${keysUrl(owner)}/${key.id}`);
    expect(res.statusCode).toBe(204);
    const after = await request(app, key, 'GET', `/api/v1/orgs/${owner.org.id}`);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');

    const list = await request(app, owner, 'GET', keysUrl(owner));
    expect(list.json().items).toMatchObject([{ id: key.id, revokedAt: expect.any(String) }]);
    const again = await request(app, owner, 'DELETE', `${keysUrl(owner)}/${key.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');

    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=api_key.`,
    );
    expect(log.json().items).toMatchObject([
      { action: 'api_key.revoked', targetId: key.id, actor: { id: owner.user.id } },
      {
        action: 'api_key.created',
        targetId: key.id,
        metadata: { name: 'key admin', scopes: ['admin'], prefix: key.key.slice(0, 10) },
      },
    ]);
  });

  it('answers 404 for an unknown key id and 403 for non-admins', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const viewer = await addMember(app, owner, 'viewer');
    const key = await createApiKey(app, owner, ['read']);
    const missing = await request(
      app,
      owner,
      'DELETE',
      `${keysUrl(owner)}/00000000-0000-7000-8000-000000000000`,
    );
    expect(missing.statusCode).toBe(404);
    const byViewer = await request(app, viewer, 'DELETE', `${keysUrl(owner)}/${key.id}`);
    expect(byViewer.statusCode).toBe(403);
    expect((await request(app, viewer, 'GET', keysUrl(owner))).statusCode).toBe(403);
    const byAdmin = await request(app, admin, 'DELETE', `${keysUrl(owner)}/${key.id}`);
    expect(byAdmin.statusCode).toBe(204);
  });
});
