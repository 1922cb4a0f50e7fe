import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { integrations, providerEvents } from '../../db/schema/index.js';

const rejected24h = sql<number>`(
  select count(*)::int from provider_events pe
  where pe.org_id = integrations.org_id and pe.integration_id = integrations.id
    and pe.kind = 'webhook_rejected' and pe.occurred_at > now() - interval '24 hours'
)`.mapWith(Number);

/** Last callback of any outcome / last one that passed verification (from provider_events). */
const lastCallback = (condition: string) =>
  sql<Date | null>`(
    select max(pe.occurred_at) from provider_events pe
    where pe.org_id = integrations.org_id and pe.integration_id = integrations.id
      and ${sql.raw(condition)}
  )`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v)));

const withHealth = {
  ...getTableColumns(integrations),
  rejected24h,
  lastCallbackAt: lastCallback("pe.kind in ('callback', 'webhook_rejected')"),
  lastVerifiedAt: lastCallback("pe.kind = 'callback' and pe.outcome in ('accepted', 'duplicate')"),
};

export type IntegrationRow = typeof integrations.$inferSelect & {
  rejected24h: number;
  lastCallbackAt: Date | null;
  lastVerifiedAt: Date | null;
};
export type ProviderEventInsert = typeof providerEvents.$inferInsert;

export const integrationsRepo = {
  async insert(db: Executor, values: typeof integrations.$inferInsert) {
    const [row] = await db.insert(integrations).values(values).returning();
    return { ...row!, rejected24h: 0, lastCallbackAt: null, lastVerifiedAt: null };
  },

  /** All of an org's integrations (a handful per org: no pagination), newest first. */
  list(db: Executor, orgId: string): Promise<IntegrationRow[]> {
    return db
      .select(withHealth)
      .from(integrations)
      .where(eq(integrations.orgId, orgId))
      .orderBy(desc(integrations.id));
  },

  async get(db: Executor, orgId: string, id: string): Promise<IntegrationRow | undefined> {
    const [row] = await db
      .select(withHealth)
      .from(integrations)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.id, id)));
    return row;
  },

  async update(
    db: Executor,
    orgId: string,
    id: string,
    patch: Partial<typeof integrations.$inferInsert>,
  ) {
    const [row] = await db
      .update(integrations)
      .set(patch)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.id, id)))
      .returning({ id: integrations.id });
    return row;
  },

  async delete(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .delete(integrations)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.id, id)))
      .returning({ id: integrations.id });
    return row;
  },
};

export const providerEventsRepo = {
  async insert(db: Executor, values: ProviderEventInsert | ProviderEventInsert[]) {
    const rows = Array.isArray(values) ? values : [values];
    if (rows.length) await db.insert(providerEvents).values(rows);
  },
};
