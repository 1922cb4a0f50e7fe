import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { Role } from '../db/schema/index.js';
import { forbidden } from './errors.js';
import { roleAtLeast } from './auth/roles.js';

export type Actor =
  | { type: 'user'; id: string; name: string }
  | { type: 'api_key'; id: string; name: string }
  | { type: 'system'; id: null; name: string };

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/**
 * Who is acting in which organization. Every org-scoped service call takes one; `run` opens the
 * tenant transaction (or joins the one already open, e.g. the idempotency wrapper's).
 */
export interface OrgContext {
  orgId: string;
  role: Role;
  actor: Actor;
  /** The signed-in user; absent for API keys. */
  userId: string | undefined;
  meta: RequestMeta;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * The transaction every org-scoped request runs in: `app.org_id` / `app.user_id` set locally and
 * the non-superuser role, so row-level security applies even if a query forgets its org filter.
 * `set_config(..., true)` is transaction-local: on PGlite's single shared session nothing leaks
 * into the next request.
 */
export function tenantTransaction<T>(
  db: Db,
  scope: { orgId: string; userId?: string | undefined },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.org_id', ${scope.orgId}, true),
                 set_config('app.user_id', ${scope.userId ?? ''}, true),
                 set_config('role', 'switchboard_app', true)`,
    );
    return fn(tx);
  });
}

export function createOrgContext(db: Db, base: Omit<OrgContext, 'run'>): OrgContext {
  return {
    ...base,
    run: (fn) => tenantTransaction(db, { orgId: base.orgId, userId: base.userId }, fn),
  };
}

/** The same context bound to an open transaction, so nested service calls share it. */
export const withTransaction = (ctx: OrgContext, tx: Tx): OrgContext => ({
  ...ctx,
  run: (fn) => fn(tx),
});

export function requireRole(ctx: OrgContext, minimum: Role): OrgContext {
  if (!roleAtLeast(ctx.role, minimum)) throw forbidden();
  return ctx;
}
