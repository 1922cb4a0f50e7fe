import { and, asc, count, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import {
  contactGroups,
  contactIdentities,
  contactImportRows,
  contactImports,
  contacts,
  type Channel,
  type ImportRowStatus,
} from '../../db/schema/index.js';
import { keyset, type PageRequest } from '../../platform/pagination.js';

type ImportRow = typeof contactImports.$inferSelect;

export interface Holder {
  contactId: string;
  contactName: string;
  channel: Channel;
  normalized: string;
}

export interface RowResult {
  rowNumber: number;
  status: ImportRowStatus;
  contactId: string | null;
  reason: string | null;
  raw: Record<string, string>;
}

export const importsRepo = {
  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(contactImports)
      .where(and(eq(contactImports.orgId, orgId), eq(contactImports.id, id)));
    return row;
  },

  async groupExists(db: Executor, orgId: string, groupId: string) {
    const [row] = await db
      .select({ id: contactGroups.id })
      .from(contactGroups)
      .where(and(eq(contactGroups.orgId, orgId), eq(contactGroups.id, groupId)));
    return row !== undefined;
  },

  async insert(db: Executor, values: typeof contactImports.$inferInsert) {
    const [row] = await db.insert(contactImports).values(values).returning();
    return row!;
  },

  /** Newest first (keyset on id). */
  async list(db: Executor, orgId: string, page: PageRequest) {
    const k = keyset([contactImports.id], 'desc', page);
    return db
      .select()
      .from(contactImports)
      .where(and(eq(contactImports.orgId, orgId), k.where))
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  /** Progress after a batch: where it stopped and the counts so far. */
  async setProgress(
    db: Executor,
    orgId: string,
    id: string,
    values: Pick<ImportRow, 'processedRows' | 'created' | 'updated' | 'conflicts' | 'invalid'>,
  ) {
    await db
      .update(contactImports)
      .set({ status: 'running', ...values })
      .where(and(eq(contactImports.orgId, orgId), eq(contactImports.id, id)));
  },

  /** Done: the file's content is dropped, the row kept with its counts. */
  async complete(db: Executor, orgId: string, id: string, processedRows: number) {
    const [row] = await db
      .update(contactImports)
      .set({ status: 'completed', content: null, finishedAt: new Date(), processedRows })
      .where(and(eq(contactImports.orgId, orgId), eq(contactImports.id, id)))
      .returning();
    return row!;
  },

  async fail(db: Executor, orgId: string, id: string, error: string) {
    await db
      .update(contactImports)
      .set({ status: 'failed', content: null, finishedAt: new Date(), error })
      .where(and(eq(contactImports.orgId, orgId), eq(contactImports.id, id)));
  },

  /** How many rows of an import ended in each status so far. */
  async rowCounts(db: Executor, orgId: string, importId: string) {
    return db
      .select({ status: contactImportRows.status, n: count() })
      .from(contactImportRows)
      .where(and(eq(contactImportRows.orgId, orgId), eq(contactImportRows.importId, importId)))
      .groupBy(contactImportRows.status);
  },

  /** By row number (keyset on it). */
  async rows(
    db: Executor,
    orgId: string,
    importId: string,
    status: ImportRowStatus | undefined,
    page: PageRequest,
  ) {
    const k = keyset([contactImportRows.rowNumber], 'asc', page);
    return db
      .select()
      .from(contactImportRows)
      .where(
        and(
          eq(contactImportRows.orgId, orgId),
          eq(contactImportRows.importId, importId),
          status ? eq(contactImportRows.status, status) : undefined,
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  /** The refused rows (invalid or conflict), by row number. */
  async refusedRows(db: Executor, orgId: string, importId: string) {
    return db
      .select()
      .from(contactImportRows)
      .where(
        and(
          eq(contactImportRows.orgId, orgId),
          eq(contactImportRows.importId, importId),
          sql`${contactImportRows.status} in ('invalid', 'conflict')`,
        ),
      )
      .orderBy(asc(contactImportRows.rowNumber));
  },
};

/**
 * The set-based statements of one import batch. Rows travel as one JSON parameter: far cheaper
 * than thousands of bound parameters.
 */
export const batchRepo = {
  /**
   * The holders of these (channel, normalized) pairs. One probe of the unique index per pair
   * (LATERAL), whatever the planner thinks of the batch's size: a hash or nested-loop join over
   * a sequential scan took seconds per batch.
   */
  async holders(db: Executor, orgId: string, pairs: { channel: Channel; normalized: string }[]) {
    const json = JSON.stringify(pairs.map((c) => ({ c: c.channel, n: c.normalized })));
    return queryRows<Holder>(
      db,
      sql`select i.channel, i.normalized, i.contact_id as "contactId", c.name as "contactName"
            from jsonb_to_recordset(${json}::jsonb) as x(c text, n text)
            cross join lateral (
              select h.channel, h.normalized, h.contact_id from ${contactIdentities} h
               where h.org_id = ${orgId} and h.channel = x.c and h.normalized = x.n) i
            join ${contacts} c on c.org_id = ${orgId} and c.id = i.contact_id`,
    );
  },

  async insertContacts(db: Executor, orgId: string, rows: (typeof contacts.$inferInsert)[]) {
    await db.execute(sql`insert into ${contacts} (id, org_id, name, attributes, source)
      select x.id, ${orgId}::uuid, x.name, x.attributes, 'import'
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(id uuid, name text, attributes jsonb)`);
  },

  /** Skips an identity someone holds by now (on conflict do nothing). */
  async insertIdentities(
    db: Executor,
    orgId: string,
    rows: {
      id: string;
      contactId: string;
      channel: Channel;
      value: string;
      normalized: string;
      matchKey: string;
    }[],
  ) {
    await db.execute(sql`insert into ${contactIdentities}
        (id, org_id, contact_id, channel, value, normalized, match_key)
      select x.id, ${orgId}::uuid, x."contactId", x.channel, x.value, x.normalized, x."matchKey"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(id uuid, "contactId" uuid, channel text, value text, normalized text, "matchKey" text)
      on conflict do nothing`);
  },

  /** Merges attributes into existing contacts (a version bump each, as for an edit). */
  async mergeAttributes(db: Executor, orgId: string, updates: Map<string, Record<string, string>>) {
    const ids = [...updates.keys()];
    await db.execute(sql`update ${contacts} c set attributes = c.attributes || v.attrs,
        version = c.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(ids.map((id) => ({ id, attrs: updates.get(id) })))}::jsonb) as v(id uuid, attrs jsonb)
      where c.org_id = ${orgId} and c.id = v.id`);
  },

  /**
   * Every identity with one of these match keys. One index probe per key (as for holders): `IN`
   * with thousands of bound parameters cost more to plan and bind than to run.
   */
  async sameMatchKeys(db: Executor, orgId: string, keys: string[]) {
    return queryRows<{
      contactId: string;
      channel: Channel;
      normalized: string;
      matchKey: string;
    }>(
      db,
      sql`select m.contact_id as "contactId", m.channel, m.normalized, m.match_key as "matchKey"
          from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
          cross join lateral (
            select h.contact_id, h.channel, h.normalized, h.match_key from ${contactIdentities} h
             where h.org_id = ${orgId} and h.match_key = k.key) m`,
    );
  },

  /** The per-row results; a re-run of a batch overwrites what it wrote before. */
  async upsertRows(db: Executor, orgId: string, importId: string, results: RowResult[]) {
    await db.execute(sql`insert into ${contactImportRows}
        (org_id, import_id, row_number, status, contact_id, reason, raw)
      select ${orgId}::uuid, ${importId}::uuid, x."rowNumber", x.status, x."contactId", x.reason, x.raw
        from jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
          as x("rowNumber" int, status text, "contactId" uuid, reason text, raw jsonb)
      on conflict (org_id, import_id, row_number) do update
        set status = excluded.status, contact_id = excluded.contact_id, reason = excluded.reason`);
  },
};
