import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, idempotencyKeys, invitations } from '../db/schema/index.js';
import { createTestApp } from '../test/app.js';
import {
  addMember,
  createApiKey,
  request,
  signUp,
  uniqueEmail,
  type Caller,
} from '../test/factories.js';

const { app, database, services } = await createTestApp();
const db = database.db;

const owner = await signUp(app, { orgName: 'Idempotent Inc' });
const invitationsUrl = `/api/v1/orgs/${owner.org.id}/invitations`;

const invite = (caller: Caller, key: string | undefined, body: object, url = invitationsUrl) =>
  request(app, caller, 'POST', url, body, key === undefined ? {} : { 'idempotency-key': key });

async function invitationsFor(email: string) {
  return db.select().from(invitations).where(eq(invitations.email, email));
}

describe('Idempotency-Key', () => {
  it('replays the stored response for a repeated request, doing the work once', async () => {
    const email = uniqueEmail('once');
    const first = await invite(owner, 'key-replay-1', { email, role: 'member' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const second = await invite(owner, 'key-replay-1', { email, role: 'member' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await invitationsFor(email)).toHaveLength(1);

    const audit = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=invitation.created`,
    );
    const created = audit
      .json<{ items: { targetId: string }[] }>()
      .items.filter((i) => i.targetId === first.json().id);
    expect(created).toHaveLength(1);
  });

  it('does the work once when duplicates arrive concurrently', async () => {
    const email = uniqueEmail('concurrent');
    const responses = await Promise.all(
      Array.from({ length: 3 }, () => invite(owner, 'key-concurrent', { email, role: 'member' })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await invitationsFor(email)).toHaveLength(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const email = uniqueEmail('first');
    expect((await invite(owner, 'key-reuse', { email, role: 'member' })).statusCode).toBe(201);
    const other = uniqueEmail('second');
    const res = await invite(owner, 'key-reuse', { email: other, role: 'member' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('idempotency_key_reused');
    expect(await invitationsFor(other)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'two words'],
    ['non-ASCII', 'clé-1'],
  ])('refuses a malformed key (%s) with 400 and does nothing', async (_label, key) => {
    const email = uniqueEmail('badkey');
    const res = await invite(owner, key, { email, role: 'member' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_idempotency_key');
    expect(await invitationsFor(email)).toEqual([]);
  });

  it('accepts a 255-character key', async () => {
    const res = await invite(owner, 'k'.repeat(255), { email: uniqueEmail(), role: 'member' });
    expect(res.statusCode).toBe(201);
  });

  it('scopes keys per caller: another caller may use the same key for its own request', async () => {
    const admin = await addMember(app, owner, 'admin');
    const key = 'key-per-caller';
    const mine = await invite(owner, key, { email: uniqueEmail(), role: 'viewer' });
    expect(mine.statusCode).toBe(201);
    const theirs = await invite(admin, key, { email: uniqueEmail(), role: 'viewer' });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);

    const bot = await createApiKey(app, owner, ['admin']);
    const byKey = await invite(bot, key, { email: uniqueEmail(), role: 'viewer' });
    expect(byKey.statusCode).toBe(201);
    expect(byKey.headers['idempotent-replayed']).toBeUndefined();
  });

  it('scopes keys per org', async () => {
    const other = await signUp(app, { orgName: 'Other Org' });
    const key = 'key-per-org';
    const body = { email: uniqueEmail('both'), role: 'viewer' };
    const here = await invite(owner, key, body);
    const there = await invite(other, key, body, `/api/v1/orgs/${other.org.id}/invitations`);
    expect(here.statusCode).toBe(201);
    expect(there.statusCode).toBe(201);
    expect(there.headers['idempotent-replayed']).toBeUndefined();
    expect(await invitationsFor(body.email)).toHaveLength(2);
  });

  it('does not burn the key when the request fails: a retry after fixing the cause works', async () => {
    const email = uniqueEmail('retry');
    const existing = await invite(owner, undefined, { email, role: 'member' });
    expect(existing.statusCode).toBe(201);

    const key = 'key-after-failure';
    const conflict = await invite(owner, key, { email, role: 'member' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('invitation_pending');
    const stored = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, owner.org.id), eq(idempotencyKeys.key, key)));
    expect(stored).toEqual([]);

    const revoke = await request(app, owner, 'DELETE', `${invitationsUrl}/${existing.json().id}`);
    expect(revoke.statusCode).toBe(204);
    const retry = await invite(owner, key, { email, role: 'member' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json().id).not.toBe(existing.json().id);
  });

  it('works again once the stored response has expired', async () => {
    const key = 'key-expired';
    const first = await invite(owner, key, { email: uniqueEmail(), role: 'viewer' });
    expect(first.statusCode).toBe(201);
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(idempotencyKeys.orgId, owner.org.id), eq(idempotencyKeys.key, key)));
    const reused = await invite(owner, key, { email: uniqueEmail(), role: 'viewer' });
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('encrypts the stored response at rest (it can hold a new API key)', async () => {
    const key = 'key-secret-response';
    const url = `/api/v1/orgs/${owner.org.id}/api-keys`;
    const body = { name: 'CI deploys', scopes: ['write'] };
    const first = await request(app, owner, 'POST', url, body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const secret = first.json<{ key: string }>().key;

    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, owner.org.id), eq(idempotencyKeys.key, key)));
    expect(row!.responseStatus).toBe(201);
    expect(row!.responseBody).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/); // a Fernet token
    expect(row!.responseBody).not.toContain(secret);
    expect(row!.responseBody).not.toContain('CI deploys');
    expect(JSON.parse(services.secrets.decryptString(row!.responseBody!))).toEqual(first.json());

    const replay = await request(app, owner, 'POST', url, body, { 'idempotency-key': key });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const keys = await db.select().from(apiKeys).where(eq(apiKeys.name, 'CI deploys'));
    expect(keys).toHaveLength(1);
  });
});
