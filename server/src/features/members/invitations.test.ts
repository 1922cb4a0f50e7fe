import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations, users } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  invite,
  request,
  signUp,
  uniqueEmail,
  uniqueIp,
  type Caller,
  type SignedUp,
} from '../../test/factories.js';

const { app, database, services, config } = await createTestApp();

const invitationsUrl = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/invitations`;

async function auditOf(caller: Caller, orgId: string, action: string) {
  const res = await request(app, caller, 'GET', `/api/v1/orgs/${orgId}/audit-log?action=${action}`);
  expect(res.statusCode).toBe(200);
  return res.json<{
    items: {
      actor: { type: string; id: string | null; name: string | null };
      targetId: string | null;
      metadata: Record<string, unknown>;
    }[];
  }>().items;
}

async function membershipsOf(user: Caller) {
  const me = await request(app, user, 'GET', '/api/v1/me');
  return me.json<{ memberships: { org: { id: string }; role: string }[] }>().memberships;
}

describe('creating invitations', () => {
  it('lets an admin invite by email; the link is absolute and built on PUBLIC_URL', async () => {
    const owner = await signUp(app, { orgName: 'Inviters' });
    const admin = await addMember(app, owner, 'admin');
    const email = uniqueEmail('new');
    const res = await request(app, admin, 'POST', invitationsUrl(owner), { email, role: 'member' });
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    expect(inv).toEqual({
      id: expect.any(String),
      email,
      role: 'member',
      status: 'pending',
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      invitedBy: { id: admin.user.id, name: admin.user.name },
      acceptUrl: expect.stringMatching(
        new RegExp(`^${config.publicUrl}/invite/[A-Za-z0-9_%-]{20,}$`),
      ),
      // No mail transport in this file: the admin shares the link.
      emailed: false,
    });
    const days = (Date.parse(inv.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // The token is stored hashed and encrypted, never in plain text.
    const token = decodeURIComponent(new URL(inv.acceptUrl).pathname.split('/').pop()!);
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, inv.id));
    expect(JSON.stringify(row)).not.toContain(token);

    // Newest first: this invitation, then the one that brought the admin in.
    const log = await auditOf(owner, owner.org.id, 'invitation.created');
    expect(log[0]).toMatchObject({
      actor: { id: admin.user.id },
      targetId: inv.id,
      metadata: { email, role: 'member' },
    });
    expect(log).toHaveLength(2);
  });

  it('refuses members and viewers with 403', async () => {
    const owner = await signUp(app);
    for (const role of ['member', 'viewer'] as const) {
      const user = await addMember(app, owner, role);
      const res = await request(app, user, 'POST', invitationsUrl(owner), {
        email: uniqueEmail(),
        role: 'viewer',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
      expect((await request(app, user, 'GET', invitationsUrl(owner))).statusCode).toBe(403);
    }
    const list = await request(app, owner, 'GET', invitationsUrl(owner));
    expect(list.json().items).toHaveLength(0);
  });

  it('lets only an owner invite an owner', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const byAdmin = await request(app, admin, 'POST', invitationsUrl(owner), {
      email: uniqueEmail(),
      role: 'owner',
    });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().code).toBe('forbidden');
    const byOwner = await request(app, owner, 'POST', invitationsUrl(owner), {
      email: uniqueEmail(),
      role: 'owner',
    });
    expect(byOwner.statusCode).toBe(201);
    expect(byOwner.json().role).toBe('owner');
  });

  it('refuses to invite an existing member (any case) with 409 already_member', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const res = await request(app, owner, 'POST', invitationsUrl(owner), {
      email: member.user.email.toUpperCase(),
      role: 'admin',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('already_member');
  });

  it('refuses a second pending invitation for the same email with 409 invitation_pending', async () => {
    const owner = await signUp(app);
    const email = uniqueEmail();
    await invite(app, owner, owner.org.id, email, 'member');
    const res = await request(app, owner, 'POST', invitationsUrl(owner), {
      email: email.toUpperCase(),
      role: 'viewer',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('invitation_pending');
    const list = await request(app, owner, 'GET', invitationsUrl(owner));
    expect(list.json().items).toHaveLength(1);
  });

  it('refuses a bad email or role with 400 field errors', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'POST', invitationsUrl(owner), {
      email: 'nope',
      role: 'root',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['email', 'role']);
  });

  it('creates one invitation for a repeated Idempotency-Key and replays the response', async () => {
    const owner = await signUp(app);
    const body = { email: uniqueEmail(), role: 'member' };
    const headers = { 'idempotency-key': 'invite-once' };
    const first = await request(app, owner, 'POST', invitationsUrl(owner), body, headers);
    const second = await request(app, owner, 'POST', invitationsUrl(owner), body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const list = await request(app, owner, 'GET', invitationsUrl(owner));
    expect(list.json().items).toHaveLength(1);
  });
});

describe('listing and revoking invitations', () => {
  it('lists pending invitations with their links, newest first', async () => {
    const owner = await signUp(app);
    const a = await invite(app, owner, owner.org.id, uniqueEmail('a'), 'member');
    const b = await invite(app, owner, owner.org.id, uniqueEmail('b'), 'viewer');
    const res = await request(app, owner, 'GET', invitationsUrl(owner));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      items: [
        { id: b.id, status: 'pending', acceptUrl: b.acceptUrl },
        { id: a.id, status: 'pending', acceptUrl: a.acceptUrl },
      ],
      nextCursor: null,
    });
    const page1 = await request(app, owner, 'GET', `${invitationsUrl(owner)}?limit=1`);
    expect(page1.json().items).toMatchObject([{ id: b.id }]);
    const cursor = page1.json<{ nextCursor: string }>().nextCursor;
    const page2 = await request(
      app,
      owner,
      'GET',
      `${invitationsUrl(owner)}?limit=1&cursor=${cursor}`,
    );
    expect(page2.json()).toMatchObject({ items: [{ id: a.id }], nextCursor: null });
  });

  it('revokes: 204, the link stops working, and the email can be invited again', async () => {
    const owner = await signUp(app, { orgName: 'Revokers' });
    const email = uniqueEmail('revoked');
    const inv = await invite(app, owner, owner.org.id, email, 'member');
    const res = await request(app, owner, 'DELETE', `${invitationsUrl(owner)}/${inv.id}`);
    expect(res.statusCode).toBe(204);

    const preview = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().status).toBe('revoked');
    const invitee = await signUp(app, { email });
    const accept = await request(app, invitee, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(accept.statusCode).toBe(410);
    expect(accept.json().code).toBe('invitation_not_pending');
    expect((await membershipsOf(invitee)).map((m) => m.org.id)).not.toContain(owner.org.id);

    const pending = await request(app, owner, 'GET', invitationsUrl(owner));
    expect(pending.json().items).toEqual([]);
    const revoked = await request(app, owner, 'GET', `${invitationsUrl(owner)}?status=revoked`);
    expect(revoked.json().items).toMatchObject([
      { id: inv.id, status: 'revoked', acceptUrl: null },
    ]);
    const again = await request(app, owner, 'DELETE', `${invitationsUrl(owner)}/${inv.id}`);
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('invitation_not_pending');

    const log = await auditOf(owner, owner.org.id, 'invitation.revoked');
    expect(log).toMatchObject([{ actor: { id: owner.user.id }, targetId: inv.id }]);
    const reinvite = await request(app, owner, 'POST', invitationsUrl(owner), {
      email,
      role: 'member',
    });
    expect(reinvite.statusCode).toBe(201);
  });

  it('refuses revocation by a member (403) and of unknown ids (404)', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const inv = await invite(app, owner, owner.org.id, uniqueEmail(), 'viewer');
    const res = await request(app, member, 'DELETE', `${invitationsUrl(owner)}/${inv.id}`);
    expect(res.statusCode).toBe(403);
    for (const id of ['00000000-0000-7000-8000-000000000000', 'nope']) {
      const missing = await request(app, owner, 'DELETE', `${invitationsUrl(owner)}/${id}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('not_found');
    }
    const preview = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(preview.json().status).toBe('pending');
  });
});

describe('invitation links', () => {
  it('previews an invitation publicly, and answers 404 for an unknown token', async () => {
    const owner = await signUp(app, { orgName: 'Preview Org' });
    const email = uniqueEmail();
    const inv = await invite(app, owner, owner.org.id, email, 'viewer');
    const res = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      orgName: 'Preview Org',
      email,
      role: 'viewer',
      status: 'pending',
      expiresAt: expect.any(String),
    });
    const unknown = await request(app, null, 'GET', '/api/v1/invitations/not-a-real-token');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
  });

  it('lets a signed-in user with the invited email (any case) accept, with the invited role', async () => {
    const owner = await signUp(app, { orgName: 'Joinable' });
    const existing = await signUp(app, { orgName: 'Home' });
    const inv = await invite(app, owner, owner.org.id, existing.user.email.toUpperCase(), 'admin');
    const res = await request(app, existing, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ org: { id: owner.org.id, name: 'Joinable' }, role: 'admin' });
    expect(await membershipsOf(existing)).toEqual([
      { org: { id: existing.org.id, name: 'Home' }, role: 'owner' },
      { org: { id: owner.org.id, name: 'Joinable' }, role: 'admin' },
    ]);
    // The new admin can act in the org at once.
    const members = await request(app, existing, 'GET', `/api/v1/orgs/${owner.org.id}/members`);
    expect(members.statusCode).toBe(200);

    const preview = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(preview.json().status).toBe('accepted');
    const twice = await request(app, existing, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(twice.statusCode).toBe(410);
    const log = await auditOf(owner, owner.org.id, 'member.joined');
    expect(log).toMatchObject([
      { actor: { id: existing.user.id }, targetId: existing.user.id, metadata: { role: 'admin' } },
    ]);
  });

  it('refuses acceptance by a user with another email (403), anonymous callers and API keys (401)', async () => {
    const owner = await signUp(app);
    const inv = await invite(app, owner, owner.org.id, uniqueEmail('meant-for'), 'member');
    const other = await signUp(app);
    const res = await request(app, other, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('invitation_email_mismatch');
    expect(res.json().detail).toContain(inv.email);
    expect(await membershipsOf(other)).toHaveLength(1);

    const anonymous = await request(app, null, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(anonymous.statusCode).toBe(401);
    const preview = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(preview.json().status).toBe('pending');
  });

  it('cannot accept an expired invitation; expireDue marks it expired, audited by the system', async () => {
    const owner = await signUp(app);
    const email = uniqueEmail('late');
    const inv = await invite(app, owner, owner.org.id, email, 'member');
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invitations.id, inv.id));

    const preview = await request(app, null, 'GET', `/api/v1/invitations/${inv.token}`);
    expect(preview.json().status).toBe('expired');
    const signup = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/signup',
      { email, password: 'a long enough password', name: 'Late', invitationToken: inv.token },
      {},
      uniqueIp(),
    );
    expect(signup.statusCode).toBe(410);
    expect(signup.json().code).toBe('invitation_not_pending');
    expect(await database.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    const late = await signUp(app, { email });
    const accept = await request(app, late, 'POST', `/api/v1/invitations/${inv.token}/accept`);
    expect(accept.statusCode).toBe(410);
    expect(accept.json().code).toBe('invitation_not_pending');

    expect(await services.invitations.expireDue()).toBeGreaterThanOrEqual(1);
    const expired = await request(app, owner, 'GET', `${invitationsUrl(owner)}?status=expired`);
    expect(expired.json().items).toMatchObject([
      { id: inv.id, status: 'expired', acceptUrl: null },
    ]);
    const log = await auditOf(owner, owner.org.id, 'invitation.expired');
    expect(log).toMatchObject([
      { actor: { type: 'system', id: null }, targetId: inv.id, metadata: { email } },
    ]);
    // Nothing is left to expire: a second run changes nothing in this org.
    await services.invitations.expireDue();
    expect(await auditOf(owner, owner.org.id, 'invitation.expired')).toHaveLength(1);
  });
});
