import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, type Executor } from '../db/client.js';
import {
  apiKeys,
  auditLog,
  domainEvents,
  idempotencyKeys,
  invitations,
  memberships,
  organizations,
} from '../db/schema/index.js';
import { createTestApp } from '../test/app.js';
import { addMember, createApiKey, request, signUp, uniqueEmail } from '../test/factories.js';
import { tenantTransaction } from './tenancy.js';

const { app, database } = await createTestApp();
const db = database.db;

/** Two tenants with a row of every kind. */
async function tenant(name: string) {
  const owner = await signUp(app, { orgName: name });
  await createApiKey(app, owner, ['read']);
  const inv = await request(
    app,
    owner,
    'POST',
    `/api/v1/orgs/${owner.org.id}/invitations`,
    { email: uniqueEmail(), role: 'member' },
    { 'idempotency-key': `invite-${name.replaceAll(' ', '-')}` },
  );
  expect(inv.statusCode).toBe(201);
  const member = await addMember(app, owner, 'viewer');
  return { owner, member, orgId: owner.org.id };
}
const a = await tenant('Tenant A');
const b = await tenant('Tenant B');

const TENANT_TABLES = {
  api_keys: apiKeys,
  audit_log: auditLog,
  invitations,
  memberships,
  domain_events: domainEvents,
  idempotency_keys: idempotencyKeys,
} as const;

/** The error PostgreSQL raised, through drizzle's wrapper. */
function pgError(err: unknown): { code?: string; message: string } {
  const e = (err as { cause?: unknown }).cause ?? err;
  return e as { code?: string; message: string };
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return pgError(err);
  }
  throw new Error('expected the statement to fail');
}

describe('row-level security is declared on every tenant table', () => {
  it('enables RLS with a policy on organizations and every table with an org_id', async () => {
    const tables = await queryRows<{ name: string; rls: boolean; policies: number; qual: string }>(
      db,
      sql`select c.relname as name, c.relrowsecurity as rls,
                 (select count(*)::int from pg_policies p
                   where p.schemaname = 'public' and p.tablename = c.relname) as policies,
                 coalesce((select string_agg(p.qual, ' ') from pg_policies p
                   where p.schemaname = 'public' and p.tablename = c.relname), '') as qual
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'organizations' or exists (
              select 1 from information_schema.columns col
              where col.table_schema = 'public' and col.table_name = c.relname
                and col.column_name = 'org_id'))
          order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['organizations', ...Object.keys(TENANT_TABLES)]),
    );
    for (const t of tables) {
      expect({ table: t.name, rls: t.rls }).toEqual({ table: t.name, rls: true });
      expect(t.policies, t.name).toBeGreaterThan(0);
      expect(t.qual, t.name).toContain('app.org_id');
    }
  });

  it('gives the app role no table it can read without RLS, column grants included', async () => {
    const readable = await queryRows<{ name: string; rls: boolean }>(
      db,
      sql`select c.relname as name, c.relrowsecurity as rls
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
            and has_any_column_privilege('switchboard_app', c.oid, 'select')`,
    );
    expect(readable.map((t) => t.name)).toContain('users');
    for (const t of readable)
      expect({ table: t.name, rls: t.rls }).toEqual({ table: t.name, rls: true });
  });
});

describe('tenantTransaction', () => {
  it('sees only its own org in every tenant table, even without a where clause', async () => {
    for (const [name, table] of Object.entries(TENANT_TABLES)) {
      const all = await db.select({ orgId: table.orgId }).from(table);
      const orgIds = new Set(all.map((r) => r.orgId));
      expect(orgIds.has(a.orgId) && orgIds.has(b.orgId), `${name} holds both tenants`).toBe(true);

      const seen = await tenantTransaction(db, { orgId: a.orgId }, (tx) =>
        tx.select({ orgId: table.orgId }).from(table),
      );
      expect(seen.length, name).toBeGreaterThan(0);
      expect(new Set(seen.map((r) => r.orgId)), name).toEqual(new Set([a.orgId]));
    }
    const orgs = await tenantTransaction(db, { orgId: a.orgId }, (tx) =>
      tx.select({ id: organizations.id }).from(organizations),
    );
    expect(orgs).toEqual([{ id: a.orgId }]);
  });

  it("lets the signed-in user see their own memberships elsewhere, not other people's", async () => {
    const rows = await tenantTransaction(db, { orgId: a.orgId, userId: b.member.user.id }, (tx) =>
      tx.select({ orgId: memberships.orgId, userId: memberships.userId }).from(memberships),
    );
    const outside = rows.filter((r) => r.orgId !== a.orgId);
    expect(outside).toEqual([{ orgId: b.orgId, userId: b.member.user.id }]);
  });

  it("refuses to write another org's rows", async () => {
    const err = await rejection(
      tenantTransaction(db, { orgId: a.orgId }, (tx) =>
        tx.insert(auditLog).values({ orgId: b.orgId, action: 'test.forged', actorType: 'system' }),
      ),
    );
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security/);

    const moved = await rejection(
      tenantTransaction(db, { orgId: a.orgId }, (tx) =>
        tx.update(apiKeys).set({ orgId: b.orgId }).where(eq(apiKeys.orgId, a.orgId)),
      ),
    );
    expect(moved.code).toBe('42501');

    // Rows of B are invisible to updates and deletes: nothing happens to them.
    const touched = await tenantTransaction(db, { orgId: a.orgId }, async (tx) => {
      const updated = await tx
        .update(invitations)
        .set({ status: 'revoked' })
        .where(eq(invitations.orgId, b.orgId))
        .returning({ id: invitations.id });
      const deleted = await tx
        .delete(apiKeys)
        .where(eq(apiKeys.orgId, b.orgId))
        .returning({ id: apiKeys.id });
      return updated.length + deleted.length;
    });
    expect(touched).toBe(0);
    const bKeys = await db.select().from(apiKeys).where(eq(apiKeys.orgId, b.orgId));
    expect(bKeys.length).toBeGreaterThan(0);
    const forged = await db.select().from(auditLog).where(eq(auditLog.action, 'test.forged'));
    expect(forged).toEqual([]);
  });

  it('keeps password hashes and sessions away from the app role', async () => {
    const hash = await rejection(
      tenantTransaction(db, { orgId: a.orgId }, (tx) =>
        tx.execute(sql`select password_hash from users`),
      ),
    );
    expect(hash.code).toBe('42501');
    const sessionsErr = await rejection(
      tenantTransaction(db, { orgId: a.orgId }, (tx) => tx.execute(sql`select * from sessions`)),
    );
    expect(sessionsErr.code).toBe('42501');
    const write = await rejection(
      tenantTransaction(db, { orgId: a.orgId }, (tx) =>
        tx.execute(sql`update users set name = 'x'`),
      ),
    );
    expect(write.code).toBe('42501');
    // Names stay readable, for member lists.
    const names = await tenantTransaction(db, { orgId: a.orgId }, (tx) =>
      queryRows<{ name: string }>(tx, sql`select name from users`),
    );
    expect(names.length).toBeGreaterThan(0);
  });

  it("shows the app role the users of its own org and the signed-in user, not another org's", async () => {
    const emailsSeenBy = (scope: { orgId: string; userId?: string }) =>
      tenantTransaction(db, scope, async (tx) =>
        (await queryRows<{ email: string }>(tx, sql`select email from users`)).map((u) => u.email),
      );
    const ofA = [a.owner.user.email, a.member.user.email].sort();
    expect((await emailsSeenBy({ orgId: a.orgId })).sort()).toEqual(ofA);
    // A user of B acting in A (an admin key's creator, say) still sees themselves.
    expect((await emailsSeenBy({ orgId: a.orgId, userId: b.owner.user.id })).sort()).toEqual(
      [...ofA, b.owner.user.email].sort(),
    );
  });

  it('fails closed: the app role without an org sees no tenant rows', async () => {
    const counts = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'switchboard_app', true)`);
      return countTenantRows(tx);
    });
    expect(counts).toEqual({ orgs: 0, keys: 0, audit: 0, invitations: 0, users: 0 });
  });
});

async function countTenantRows(tx: Executor) {
  const [row] = await queryRows<{
    orgs: number;
    keys: number;
    audit: number;
    invitations: number;
    users: number;
  }>(
    tx,
    sql`select (select count(*)::int from users) as users,
               (select count(*)::int from organizations) as orgs,
               (select count(*)::int from api_keys) as keys,
               (select count(*)::int from audit_log) as audit,
               (select count(*)::int from invitations) as invitations`,
  );
  return row!;
}

/**
 * Role and settings of every database session the app can use: PGlite's one shared session, or
 * each pooled PostgreSQL connection (all of them checked out at once).
 */
async function sessionStates(): Promise<{ user: string; orgId: string | null; keys: number }[]> {
  const query = `select current_user::text as user,
                        current_setting('app.org_id', true) as "orgId",
                        (select count(*)::int from api_keys) as keys`;
  if (database.kind === 'pglite') {
    return (
      await database.pglite.query<{ user: string; orgId: string | null; keys: number }>(query)
    ).rows;
  }
  const clients = await Promise.all(
    Array.from({ length: Math.max(database.pool.totalCount, 1) }, () => database.pool.connect()),
  );
  try {
    return (await Promise.all(clients.map((c) => c.query(query)))).map((r) => r.rows[0]);
  } finally {
    for (const c of clients) c.release();
  }
}

describe('after a tenant transaction', () => {
  it('runs later plain queries as the original user with no org set', async () => {
    const [before] = await sessionStates();
    expect(before!.user).not.toBe('switchboard_app');
    const allKeys = (await db.select().from(apiKeys)).length;

    await tenantTransaction(db, { orgId: a.orgId, userId: a.owner.user.id }, async (tx) => {
      const [inside] = await queryRows<{ user: string; org: string }>(
        tx,
        sql`select current_user::text as user, current_setting('app.org_id', true) as org`,
      );
      expect(inside).toEqual({ user: 'switchboard_app', org: a.orgId });
    });
    await expect(
      tenantTransaction(db, { orgId: b.orgId }, async () => {
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    for (const state of await sessionStates()) {
      expect(state.user).toBe(before!.user);
      expect(['', null]).toContain(state.orgId);
      expect(state.keys).toBe(allKeys);
    }
  });
});
