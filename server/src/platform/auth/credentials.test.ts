import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { apiKeys, sessions, users } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import { createApiKey, request, signUp, uniqueEmail, type SignedUp } from '../../test/factories.js';
import { API_KEY_PREFIX, generateApiKey, resolveApiKey } from './api-keys.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { roleForScopes } from './roles.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.js';
import { sessionTokenHash, sha256 } from './tokens.js';

const { app, database, services, config } = await createTestApp();
const db = database.db;

const MINUTE = 60_000;
const me = (caller: SignedUp) => request(app, caller, 'GET', '/api/v1/me');
const sessionToken = (caller: SignedUp) => caller.headers.cookie!.split('=')[1]!;

async function sessionRow(caller: SignedUp) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, sessionTokenHash(config.sessionSecret, sessionToken(caller))));
  return row;
}

describe('passwords', () => {
  it('are hashed with argon2id at the OWASP baseline', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    // Two hashes of one password differ (random salt).
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('treats a corrupt stored hash as a wrong password rather than an error', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('', 'anything')).toBe(false);
  });

  it('stores only the argon2id hash at sign-up', async () => {
    const alice = await signUp(app, { password: 'a very particular password' });
    const [row] = await db.select().from(users).where(eq(users.id, alice.user.id));
    expect(row!.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(row!.passwordHash).not.toContain('particular');
  });
});

describe('sessions', () => {
  it('store a keyed hash of the cookie token, never the token', async () => {
    const alice = await signUp(app);
    const token = sessionToken(alice);
    const rows = await db.select().from(sessions).where(eq(sessions.userId, alice.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(token);
    expect(rows[0]!.tokenHash).toBe(sessionTokenHash(config.sessionSecret, token));
    // A stolen copy of the table does not authenticate.
    const replayed = await request(
      app,
      { headers: { cookie: `sb_session=${rows[0]!.tokenHash}` } },
      'GET',
      '/api/v1/me',
    );
    expect(replayed.statusCode).toBe(401);
  });

  it('last 30 days at most', async () => {
    const alice = await signUp(app);
    const row = await sessionRow(alice);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(
      SESSION_ABSOLUTE_MS - MINUTE,
    );
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(
      SESSION_ABSOLUTE_MS + MINUTE,
    );
  });

  it('slide: a session used within the idle window stays valid and is touched', async () => {
    const alice = await signUp(app);
    const sixDaysAgo = new Date(Date.now() - SESSION_IDLE_MS + 24 * 60 * MINUTE);
    await db
      .update(sessions)
      .set({ lastSeenAt: sixDaysAgo })
      .where(eq(sessions.userId, alice.user.id));
    expect((await me(alice)).statusCode).toBe(200);
    const row = await sessionRow(alice);
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - MINUTE);
  });

  it('expire after the idle timeout, and the cookie is cleared', async () => {
    const alice = await signUp(app);
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - MINUTE) })
      .where(eq(sessions.userId, alice.user.id));
    const res = await me(alice);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    const cleared = res.cookies.find((c) => c.name === 'sb_session');
    expect(cleared?.value).toBe('');
  });

  it('expire at the absolute limit even when in constant use', async () => {
    const alice = await signUp(app);
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, alice.user.id));
    expect((await me(alice)).statusCode).toBe(401);
  });

  it('are purged once expired either way, keeping live ones', async () => {
    const [idle, old, live] = [await signUp(app), await signUp(app), await signUp(app)];
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - MINUTE) })
      .where(eq(sessions.userId, idle.user.id));
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, old.user.id));
    expect(await services.sessions.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await sessionRow(idle)).toBeUndefined();
    expect(await sessionRow(old)).toBeUndefined();
    expect(await sessionRow(live)).toBeDefined();
    expect((await me(live)).statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('are generated with a recognisable prefix and stored only as a hash', () => {
    const { key, hash, prefix } = generateApiKey();
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(key.length).toBeGreaterThanOrEqual(API_KEY_PREFIX.length + 43); // 256 bits
    expect(prefix).toBe(key.slice(0, API_KEY_PREFIX.length + 6));
    expect(hash).toBe(sha256(key));
    expect(generateApiKey().key).not.toBe(key);
  });

  it('keep no copy of the secret in the database', async () => {
    const owner = await signUp(app);
    const created = await createApiKey(app, owner, ['read']);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(sha256(created.key));
    expect(row!.prefix).toBe(created.key.slice(0, 10));
    const like = `%${created.key}%`;
    const [counts] = await queryRows<{ keys: number; audit: number; events: number }>(
      db,
      sql`select
            (select count(*)::int from api_keys k where row_to_json(k)::text like ${like}) as keys,
            (select count(*)::int from audit_log a where row_to_json(a)::text like ${like}) as audit,
            (select count(*)::int from domain_events e where row_to_json(e)::text like ${like}) as events`,
    );
    expect(counts).toEqual({ keys: 0, audit: 0, events: 0 });
    // The search above would find it: the audit row does hold the (non-secret) prefix.
    const [seen] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_log a where row_to_json(a)::text like ${`%${row!.prefix}%`}`,
    );
    expect(seen!.n).toBe(1);
    // The list shows the prefix, never the key.
    const list = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/api-keys`);
    expect(list.body).toContain(row!.prefix);
    expect(list.body).not.toContain(created.key);
  });

  it('resolve only when well-formed, known and not revoked', async () => {
    const owner = await signUp(app);
    const created = await createApiKey(app, owner, ['write']);
    expect(await resolveApiKey(db, created.key)).toMatchObject({
      id: created.id,
      orgId: owner.org.id,
      scopes: ['write'],
    });
    expect(await resolveApiKey(db, created.key.replace(API_KEY_PREFIX, 'xyz_'))).toBeNull();
    expect(await resolveApiKey(db, `${created.key}x`)).toBeNull();
    expect(await resolveApiKey(db, API_KEY_PREFIX + 'a'.repeat(200))).toBeNull();

    const revoke = await request(
      app,
      owner,
      'DELETE',
      `/api/v1/orgs/${owner.org.id}/api-keys/${created.id}`,
    );
    expect(revoke.statusCode).toBe(204);
    expect(await resolveApiKey(db, created.key)).toBeNull();
    const res = await request(app, created, 'GET', `/api/v1/orgs/${owner.org.id}/members`);
    expect(res.statusCode).toBe(401);
  });

  it('record when they were last used', async () => {
    const owner = await signUp(app);
    const created = await createApiKey(app, owner, ['read']);
    const before = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(before[0]!.lastUsedAt).toBeNull();
    await request(app, created, 'GET', `/api/v1/orgs/${owner.org.id}/members`);
    const after = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(after[0]!.lastUsedAt).not.toBeNull();
  });
});

describe('roleForScopes', () => {
  it('grants the role of the broadest scope, never owner', () => {
    expect(roleForScopes(['read'])).toBe('viewer');
    expect(roleForScopes(['write'])).toBe('member');
    expect(roleForScopes(['read', 'write'])).toBe('member');
    expect(roleForScopes(['admin'])).toBe('admin');
    expect(roleForScopes(['read', 'write', 'admin'])).toBe('admin');
    expect(roleForScopes([])).toBe('viewer');
  });

  it('is what the API enforces for a key', async () => {
    const owner = await signUp(app);
    const inviteAs = (caller: { headers: Record<string, string> }) =>
      request(app, caller, 'POST', `/api/v1/orgs/${owner.org.id}/invitations`, {
        email: uniqueEmail(),
        role: 'viewer',
      });
    const read = await createApiKey(app, owner, ['read']);
    const write = await createApiKey(app, owner, ['write']);
    const admin = await createApiKey(app, owner, ['admin']);
    const members = `/api/v1/orgs/${owner.org.id}/members`;
    expect((await request(app, read, 'GET', members)).statusCode).toBe(200);
    expect((await inviteAs(read)).statusCode).toBe(403);
    expect((await inviteAs(write)).statusCode).toBe(403);
    expect((await inviteAs(admin)).statusCode).toBe(201);
    // An admin key cannot hand out ownership: keys never act as owner.
    const owners = await request(app, admin, 'POST', `/api/v1/orgs/${owner.org.id}/invitations`, {
      email: uniqueEmail(),
      role: 'owner',
    });
    expect(owners.statusCode).toBe(403);
  });
});
