import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  request,
  signUp,
  type Caller,
  type Role,
  type SignedUp,
} from '../../test/factories.js';

const { app } = await createTestApp();

interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

const membersUrl = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/members`;
const memberUrl = (org: SignedUp, userId: string) => `${membersUrl(org)}/${userId}`;

async function roleOf(owner: Caller, orgId: string, userId: string): Promise<Role | undefined> {
  const res = await request(app, owner, 'GET', `/api/v1/orgs/${orgId}/members?limit=200`);
  return res.json<{ items: Member[] }>().items.find((m) => m.userId === userId)?.role;
}

async function auditActions(owner: Caller, orgId: string, action: string) {
  const res = await request(app, owner, 'GET', `/api/v1/orgs/${orgId}/audit-log?action=${action}`);
  expect(res.statusCode).toBe(200);
  return res.json<{
    items: {
      action: string;
      actor: { type: string; id: string | null };
      targetId: string | null;
      metadata: Record<string, unknown>;
    }[];
  }>().items;
}

describe('listing members', () => {
  it('lists members as {items, nextCursor}, oldest first, to every role', async () => {
    const owner = await signUp(app, { name: 'Olivia Owner' });
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, viewer, 'GET', membersUrl(owner));
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: Member[]; nextCursor: string | null }>();
    expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      {
        userId: owner.user.id,
        name: 'Olivia Owner',
        email: owner.user.email,
        role: 'owner',
        joinedAt: expect.any(String),
      },
      {
        userId: viewer.user.id,
        name: viewer.user.name,
        email: viewer.user.email,
        role: 'viewer',
        joinedAt: expect.any(String),
      },
    ]);
  });

  it('pages through every member exactly once with limit=1 and ends with nextCursor null', async () => {
    const owner = await signUp(app);
    const others = [
      await addMember(app, owner, 'admin'),
      await addMember(app, owner, 'member'),
      await addMember(app, owner, 'viewer'),
    ];
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await request(app, owner, 'GET', `${membersUrl(owner)}?limit=1${qs}`);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: Member[]; nextCursor: string | null }>();
      expect(body.items).toHaveLength(1);
      seen.push(body.items[0]!.userId);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual([owner.user.id, ...others.map((o) => o.user.id)]);
  });

  it('refuses a forged cursor and an out-of-range limit with 400', async () => {
    const owner = await signUp(app);
    const forged = await request(app, owner, 'GET', `${membersUrl(owner)}?cursor=not-a-cursor`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'invalid_cursor', errors: [{ path: 'cursor' }] });
    // Well-formed JSON with the wrong contents is refused the same way, not a database error.
    const tampered = Buffer.from(JSON.stringify(['yesterday', 'me'])).toString('base64url');
    const bad = await request(app, owner, 'GET', `${membersUrl(owner)}?cursor=${tampered}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
    const tooMany = await request(app, owner, 'GET', `${membersUrl(owner)}?limit=1000`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'limit' }],
    });
  });
});

describe('changing roles', () => {
  it('lets an admin turn a member into a viewer and back, audited as member.role_changed', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const member = await addMember(app, owner, 'member');

    const down = await request(app, admin, 'PATCH', memberUrl(owner, member.user.id), {
      role: 'viewer',
    });
    expect(down.statusCode).toBe(200);
    expect(down.json()).toMatchObject({ userId: member.user.id, role: 'viewer' });
    expect(await roleOf(owner, owner.org.id, member.user.id)).toBe('viewer');
    // The new role applies at once, to the member's own view too.
    const me = await request(app, member, 'GET', '/api/v1/me');
    expect(me.json().memberships[0].role).toBe('viewer');

    const up = await request(app, admin, 'PATCH', memberUrl(owner, member.user.id), {
      role: 'member',
    });
    expect(up.statusCode).toBe(200);
    expect(await roleOf(owner, owner.org.id, member.user.id)).toBe('member');

    const log = await auditActions(owner, owner.org.id, 'member.role_changed');
    expect(log).toMatchObject([
      {
        actor: { id: admin.user.id },
        targetId: member.user.id,
        metadata: { from: 'viewer', to: 'member' },
      },
      {
        actor: { id: admin.user.id },
        targetId: member.user.id,
        metadata: { from: 'member', to: 'viewer' },
      },
    ]);
  });

  it('refuses role changes by members and viewers with 403', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, member, 'PATCH', memberUrl(owner, viewer.user.id), {
      role: 'admin',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const self = await request(app, viewer, 'PATCH', memberUrl(owner, viewer.user.id), {
      role: 'admin',
    });
    expect(self.statusCode).toBe(403);
    expect(await roleOf(owner, owner.org.id, viewer.user.id)).toBe('viewer');
  });

  it('lets only owners grant or revoke the owner role', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const member = await addMember(app, owner, 'member');

    const grant = await request(app, admin, 'PATCH', memberUrl(owner, member.user.id), {
      role: 'owner',
    });
    expect(grant.statusCode).toBe(403);
    expect(grant.json().code).toBe('forbidden');
    const selfPromote = await request(app, admin, 'PATCH', memberUrl(owner, admin.user.id), {
      role: 'owner',
    });
    expect(selfPromote.statusCode).toBe(403);
    const revoke = await request(app, admin, 'PATCH', memberUrl(owner, owner.user.id), {
      role: 'member',
    });
    expect(revoke.statusCode).toBe(403);
    const adminKey = await createApiKey(app, owner, ['admin']);
    const byKey = await request(app, adminKey, 'PATCH', memberUrl(owner, member.user.id), {
      role: 'owner',
    });
    expect(byKey.statusCode).toBe(403);
    expect(await roleOf(owner, owner.org.id, member.user.id)).toBe('member');
    expect(await roleOf(owner, owner.org.id, owner.user.id)).toBe('owner');

    const byOwner = await request(app, owner, 'PATCH', memberUrl(owner, member.user.id), {
      role: 'owner',
    });
    expect(byOwner.statusCode).toBe(200);
    expect(await roleOf(owner, owner.org.id, member.user.id)).toBe('owner');
  });

  it('refuses to demote the last owner with 409 last_owner, but allows it once there is another', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'PATCH', memberUrl(owner, owner.user.id), {
      role: 'admin',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('last_owner');
    expect(await roleOf(owner, owner.org.id, owner.user.id)).toBe('owner');

    const second = await addMember(app, owner, 'owner');
    const ok = await request(app, second, 'PATCH', memberUrl(owner, owner.user.id), {
      role: 'admin',
    });
    expect(ok.statusCode).toBe(200);
    expect(await roleOf(second, owner.org.id, owner.user.id)).toBe('admin');
    const again = await request(app, second, 'PATCH', memberUrl(owner, second.user.id), {
      role: 'admin',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('last_owner');
  });

  it('answers 404 for a user who is not a member, and 400 for an unknown role', async () => {
    const owner = await signUp(app);
    const stranger = await signUp(app);
    const res = await request(app, owner, 'PATCH', memberUrl(owner, stranger.user.id), {
      role: 'member',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const bad = await request(app, owner, 'PATCH', memberUrl(owner, owner.user.id), {
      role: 'superuser',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'role' }] });
    // The stranger's own organization is untouched.
    expect(await roleOf(stranger, stranger.org.id, stranger.user.id)).toBe('owner');
  });
});

describe('removing members and leaving', () => {
  it('lets an admin remove a member, who at once loses access (404), audited as member.removed', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const member = await addMember(app, owner, 'member');
    const res = await request(app, admin, 'DELETE', memberUrl(owner, member.user.id));
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    const after = await request(app, member, 'GET', `/api/v1/orgs/${owner.org.id}`);
    expect(after.statusCode).toBe(404);
    expect(after.json().code).toBe('not_found');
    const list = await request(app, member, 'GET', membersUrl(owner));
    expect(list.statusCode).toBe(404);
    const me = await request(app, member, 'GET', '/api/v1/me');
    expect(me.json().memberships).toEqual([]);
    expect(await roleOf(owner, owner.org.id, member.user.id)).toBeUndefined();

    const log = await auditActions(owner, owner.org.id, 'member.removed');
    expect(log).toMatchObject([
      {
        actor: { type: 'user', id: admin.user.id },
        targetId: member.user.id,
        metadata: { email: member.user.email, role: 'member' },
      },
    ]);
  });

  it('lets any member leave, audited as member.left', async () => {
    const owner = await signUp(app);
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, viewer, 'DELETE', memberUrl(owner, viewer.user.id));
    expect(res.statusCode).toBe(204);
    expect((await request(app, viewer, 'GET', `/api/v1/orgs/${owner.org.id}`)).statusCode).toBe(
      404,
    );
    const log = await auditActions(owner, owner.org.id, 'member.left');
    expect(log).toMatchObject([{ actor: { id: viewer.user.id }, targetId: viewer.user.id }]);
    expect(await auditActions(owner, owner.org.id, 'member.removed')).toEqual([]);
  });

  it('refuses removals by members, and of owners by admins, with 403', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const member = await addMember(app, owner, 'member');
    const viewer = await addMember(app, owner, 'viewer');

    const byMember = await request(app, member, 'DELETE', memberUrl(owner, viewer.user.id));
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().code).toBe('forbidden');
    const ownerByAdmin = await request(app, admin, 'DELETE', memberUrl(owner, owner.user.id));
    expect(ownerByAdmin.statusCode).toBe(403);
    expect(await roleOf(owner, owner.org.id, viewer.user.id)).toBe('viewer');
    expect(await roleOf(owner, owner.org.id, owner.user.id)).toBe('owner');
  });

  it('refuses to remove the last owner (even leaving) with 409 last_owner', async () => {
    const owner = await signUp(app);
    const leave = await request(app, owner, 'DELETE', memberUrl(owner, owner.user.id));
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('last_owner');
    expect((await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}`)).statusCode).toBe(200);

    const second = await addMember(app, owner, 'owner');
    const removed = await request(app, second, 'DELETE', memberUrl(owner, owner.user.id));
    expect(removed.statusCode).toBe(204);
    const last = await request(app, second, 'DELETE', memberUrl(owner, second.user.id));
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('last_owner');
  });

  it('answers 404 when removing someone who is not a member', async () => {
    const owner = await signUp(app);
    const stranger = await signUp(app);
    const res = await request(app, owner, 'DELETE', memberUrl(owner, stranger.user.id));
    expect(res.statusCode).toBe(404);
    const malformed = await request(app, owner, 'DELETE', memberUrl(owner, 'not-a-uuid'));
    expect(malformed.statusCode).toBe(404);
  });
});
