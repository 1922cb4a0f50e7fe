import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { addMember, createApiKey, request, signUp } from '../../test/factories.js';

const { app } = await createTestApp();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('creating organizations', () => {
  it('creates an organization the caller owns and lists it in /me', async () => {
    const alice = await signUp(app, { orgName: 'First' });
    const res = await request(app, alice, 'POST', '/api/v1/orgs', { name: '  Second  ' });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(Object.keys(org).sort()).toEqual(['createdAt', 'id', 'name']);
    expect(org.name).toBe('Second');
    expect(org.createdAt).toMatch(ISO);

    const me = await request(app, alice, 'GET', '/api/v1/me');
    expect(me.json().memberships).toEqual([
      { org: { id: alice.org.id, name: 'First' }, role: 'owner' },
      { org: { id: org.id, name: 'Second' }, role: 'owner' },
    ]);
    const got = await request(app, alice, 'GET', `/api/v1/orgs/${org.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(org);

    const members = await request(app, alice, 'GET', `/api/v1/orgs/${org.id}/members`);
    expect(members.json().items).toMatchObject([{ userId: alice.user.id, role: 'owner' }]);
    const log = await request(app, alice, 'GET', `/api/v1/orgs/${org.id}/audit-log`);
    expect(log.json().items).toMatchObject([
      { action: 'org.created', targetId: org.id, actor: { id: alice.user.id } },
    ]);
  });

  it('refuses an empty or unknown-field body, and callers who are not signed-in users', async () => {
    const alice = await signUp(app);
    const empty = await request(app, alice, 'POST', '/api/v1/orgs', { name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'name', message: 'is required' }],
    });
    const extra = await request(app, alice, 'POST', '/api/v1/orgs', { name: 'X', plan: 'pro' });
    expect(extra.statusCode).toBe(400);

    const anonymous = await request(app, null, 'POST', '/api/v1/orgs', { name: 'Nobody' });
    expect(anonymous.statusCode).toBe(401);
    const key = await createApiKey(app, alice);
    const byKey = await request(app, key, 'POST', '/api/v1/orgs', { name: 'By key' });
    expect(byKey.statusCode).toBe(401);
    expect(byKey.json().code).toBe('unauthenticated');

    const me = await request(app, alice, 'GET', '/api/v1/me');
    expect(me.json().memberships).toHaveLength(1);
  });
});

describe('reading and renaming an organization', () => {
  it('lets every member read the organization', async () => {
    const owner = await signUp(app, { orgName: 'Readable' });
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, viewer, 'GET', `/api/v1/orgs/${owner.org.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: owner.org.id, name: 'Readable' });
  });

  it('lets an admin rename it, audited as org.renamed', async () => {
    const owner = await signUp(app, { orgName: 'Old Name' });
    const admin = await addMember(app, owner, 'admin');
    const res = await request(app, admin, 'PATCH', `/api/v1/orgs/${owner.org.id}`, {
      name: 'New Name',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: owner.org.id, name: 'New Name' });

    const me = await request(app, owner, 'GET', '/api/v1/me');
    expect(me.json().memberships).toEqual([
      { org: { id: owner.org.id, name: 'New Name' }, role: 'owner' },
    ]);
    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=org.renamed`,
    );
    expect(log.json().items).toMatchObject([
      {
        action: 'org.renamed',
        actor: { type: 'user', id: admin.user.id },
        targetType: 'org',
        targetId: owner.org.id,
        metadata: { from: 'Old Name', to: 'New Name' },
      },
    ]);
  });

  it('refuses a rename by a member with 403 forbidden and keeps the name', async () => {
    const owner = await signUp(app, { orgName: 'Stays' });
    for (const role of ['member', 'viewer'] as const) {
      const user = await addMember(app, owner, role);
      const res = await request(app, user, 'PATCH', `/api/v1/orgs/${owner.org.id}`, {
        name: 'Hijacked',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const got = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}`);
    expect(got.json().name).toBe('Stays');
    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=org.renamed`,
    );
    expect(log.json().items).toEqual([]);
  });

  it('answers 404 for an unknown or malformed organization id', async () => {
    const alice = await signUp(app);
    for (const id of ['00000000-0000-7000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(app, alice, 'GET', `/api/v1/orgs/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('needs a signed-in caller', async () => {
    const alice = await signUp(app);
    const res = await request(app, null, 'GET', `/api/v1/orgs/${alice.org.id}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });
});
