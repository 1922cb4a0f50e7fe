import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Tx } from '../../db/client.js';
import {
  contactGroupMembers,
  contactIdentities,
  contactImportRows,
  contacts,
  type Channel,
  type ImportRowStatus,
} from '../../db/schema/index.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { recordRefusal } from './identities.js';
import { parseIdentity, type NormalizedIdentity } from './identity/normalize.js';
import { contactsRepo } from './repo.js';
import { identityConflictOpened } from './events.js';
import { emitEvent } from '../../platform/events/outbox.js';

export interface ParsedRow {
  rowNumber: number;
  raw: Record<string, string>;
}

interface Holder {
  contactId: string;
  contactName: string;
  channel: Channel;
  normalized: string;
}

interface RowResult {
  rowNumber: number;
  status: ImportRowStatus;
  contactId: string | null;
  reason: string | null;
  raw: Record<string, string>;
}

const CHANNEL_TARGETS = new Set(['email', 'phone', 'whatsapp', 'telegram', 'instagram']);
const key = (i: { channel: string; normalized: string }) => `${i.channel}\u0000${i.normalized}`;

/** One CSV row through the mapping: name, identities (normalized), attributes, or why not. */
function readRow(row: ParsedRow, mapping: Record<string, string>, region: string | undefined) {
  let name = '';
  const identities: NormalizedIdentity[] = [];
  const attributes: Record<string, string> = {};
  const problems: string[] = [];
  for (const [column, target] of Object.entries(mapping)) {
    const value = (row.raw[column] ?? '').trim();
    if (!value) continue;
    if (target === 'name') name = value.slice(0, 120);
    else if (target.startsWith('attributes.')) attributes[target.slice(11)] = value.slice(0, 1000);
    else if (CHANNEL_TARGETS.has(target)) {
      const r = parseIdentity(target as Channel, value, { region });
      if (r.ok) {
        const { ok: _ok, ...identity } = r;
        if (!identities.some((i) => key(i) === key(identity))) identities.push(identity);
      } else problems.push(`${column}: ${r.reason}`);
    }
  }
  if (problems.length) return { ok: false as const, reason: problems.join('; ') };
  if (!identities.length) {
    return {
      ok: false as const,
      reason: 'no identity: a row needs an email, phone, WhatsApp, Telegram or Instagram value',
    };
  }
  return { ok: true as const, name: name || identities[0]!.value, identities, attributes };
}

export type ReadRow = { row: ParsedRow; parsed: ReturnType<typeof readRow> };

const READ_CHUNK = 100;

/**
 * Maps and normalizes a batch's rows (phone numbers through libphonenumber: most of an import's
 * CPU), yielding to the event loop every READ_CHUNK rows so that the previous batch's statements
 * proceed meanwhile: the job reads batch n+1 while batch n is in the database.
 */
export async function readRows(
  rows: ParsedRow[],
  mapping: Record<string, string>,
  region: string | undefined,
): Promise<ReadRow[]> {
  const out: ReadRow[] = [];
  for (let i = 0; i < rows.length; i += READ_CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const row of rows.slice(i, i + READ_CHUNK)) {
      out.push({ row, parsed: readRow(row, mapping, region) });
    }
  }
  return out;
}

/**
 * Imports one batch (read by `readRows`) in one transaction with a handful of set-based queries, so a large file
 * runs at thousands of rows a second. A row whose identities all belong to one contact updates
 * it (which is what makes re-running a file create nothing new); identities spread over two
 * contacts are a conflict, recorded like any other refused identity.
 */
export async function importBatch(
  tx: Tx,
  ctx: OrgContext,
  input: {
    importId: string;
    read: ReadRow[];
    groupId: string | null;
  },
): Promise<void> {
  const orgId = ctx.orgId;
  const results: RowResult[] = [];
  const { read } = input;
  const all = read.flatMap((r) => (r.parsed.ok ? r.parsed.identities : []));
  const holders = new Map<string, Holder>();
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const pairs = JSON.stringify(chunk.map((c) => ({ c: c.channel, n: c.normalized })));
    // One probe of the unique index per pair (LATERAL), whatever the planner thinks of the
    // batch's size: a hash or nested-loop join over a sequential scan took seconds per batch.
    const found = await queryRows<Holder>(
      tx,
      sql`select i.channel, i.normalized, i.contact_id as "contactId", c.name as "contactName"
            from jsonb_to_recordset(${pairs}::jsonb) as x(c text, n text)
            cross join lateral (
              select h.channel, h.normalized, h.contact_id from ${contactIdentities} h
               where h.org_id = ${orgId} and h.channel = x.c and h.normalized = x.n) i
            join ${contacts} c on c.org_id = ${orgId} and c.id = i.contact_id`,
    );
    for (const h of found) holders.set(key(h), h);
  }

  const newContacts: (typeof contacts.$inferInsert)[] = [];
  const newIdentities: (typeof contactIdentities.$inferInsert)[] = [];
  const attributeUpdates = new Map<string, Record<string, string>>();
  const touched: string[] = [];
  const created = new Set<string>();
  // Identities claimed earlier in this batch, by the contact (new or existing) that gets them.
  const claimed = new Map<string, Holder>();
  const refusals: Parameters<typeof recordRefusal>[2][] = [];

  for (const { row, parsed } of read) {
    if (!parsed.ok) {
      results.push({ ...row, status: 'invalid', contactId: null, reason: parsed.reason });
      continue;
    }
    const held = parsed.identities
      .map((i) => holders.get(key(i)) ?? claimed.get(key(i)))
      .filter((h): h is Holder => !!h);
    const owners = new Set(held.map((h) => h.contactId));
    if (owners.size > 1) {
      const first = held[0]!;
      refusals.push({
        holder: first,
        otherContactId: held.find((h) => h.contactId !== first.contactId)!.contactId,
        attempted: { importId: input.importId, rowNumber: row.rowNumber, row: row.raw },
        source: 'import',
      });
      results.push({
        ...row,
        status: 'conflict',
        contactId: null,
        reason: `identities belong to ${owners.size} different contacts: ${held
          .map((h) => `${h.channel} ${h.normalized} → ${JSON.stringify(h.contactName)}`)
          .join(', ')}`,
      });
      continue;
    }
    let contactId = held[0]?.contactId;
    const contactName = held[0]?.contactName ?? parsed.name;
    const isNew = !contactId;
    if (!contactId) {
      contactId = uuidv7();
      created.add(contactId);
      newContacts.push({
        id: contactId,
        orgId,
        name: parsed.name,
        attributes: parsed.attributes,
        source: 'import',
      });
    } else if (Object.keys(parsed.attributes).length) {
      attributeUpdates.set(contactId, { ...attributeUpdates.get(contactId), ...parsed.attributes });
    }
    for (const identity of parsed.identities) {
      if (holders.has(key(identity)) || claimed.has(key(identity))) continue;
      claimed.set(key(identity), { ...identity, contactId, contactName });
      newIdentities.push({ ...identity, orgId, contactId });
    }
    touched.push(contactId);
    // Only refused rows keep their cells (for the error report).
    results.push({
      rowNumber: row.rowNumber,
      raw: {},
      status: isNew ? 'created' : 'updated',
      contactId,
      reason: null,
    });
  }

  // Rows travel as one JSON parameter: far cheaper than thousands of bound parameters.
  if (newContacts.length) {
    await tx.execute(sql`insert into ${contacts} (id, org_id, name, attributes, source)
      select x.id, ${orgId}::uuid, x.name, x.attributes, 'import'
        from jsonb_to_recordset(${JSON.stringify(newContacts)}::jsonb)
          as x(id uuid, name text, attributes jsonb)`);
  }
  if (newIdentities.length) {
    const rows = newIdentities.map((i) => ({
      id: uuidv7(),
      contactId: i.contactId,
      channel: i.channel,
      value: i.value,
      normalized: i.normalized,
      matchKey: i.matchKey,
    }));
    await tx.execute(sql`insert into ${contactIdentities}
        (id, org_id, contact_id, channel, value, normalized, match_key)
      select x.id, ${orgId}::uuid, x."contactId", x.channel, x.value, x.normalized, x."matchKey"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(id uuid, "contactId" uuid, channel text, value text, normalized text, "matchKey" text)
      on conflict do nothing`);
  }
  if (attributeUpdates.size) {
    const ids = [...attributeUpdates.keys()];
    await tx.execute(sql`update ${contacts} c set attributes = c.attributes || v.attrs,
        version = c.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(ids.map((id) => ({ id, attrs: attributeUpdates.get(id) })))}::jsonb) as v(id uuid, attrs jsonb)
      where c.org_id = ${orgId} and c.id = v.id`);
  }
  if (input.groupId && touched.length) {
    await tx
      .insert(contactGroupMembers)
      .select(
        tx
          .select({
            orgId: contacts.orgId,
            groupId: sql<string>`${input.groupId}::uuid`.as('group_id'),
            contactId: contacts.id,
            createdAt: sql<Date>`now()`.as('created_at'),
          })
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, [...new Set(touched)]))),
      )
      .onConflictDoNothing();
  }
  await flagBatchDuplicates(tx, ctx, newIdentities);
  for (const refusal of refusals) await recordRefusal(tx, ctx, refusal);
  if (results.length) {
    await tx.execute(sql`insert into ${contactImportRows}
        (org_id, import_id, row_number, status, contact_id, reason, raw)
      select ${orgId}::uuid, ${input.importId}::uuid, x."rowNumber", x.status, x."contactId", x.reason, x.raw
        from jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
          as x("rowNumber" int, status text, "contactId" uuid, reason text, raw jsonb)
      on conflict (org_id, import_id, row_number) do update
        set status = excluded.status, contact_id = excluded.contact_id, reason = excluded.reason`);
  }
}

/** possible_duplicate for new identities whose match key another contact already has (one query). */
async function flagBatchDuplicates(
  tx: Tx,
  ctx: OrgContext,
  fresh: (typeof contactIdentities.$inferInsert)[],
) {
  if (!fresh.length) return;
  const keys = [...new Set(fresh.map((i) => i.matchKey))];
  // One index probe per key (as for holders): `IN` with thousands of bound parameters cost more
  // to plan and bind than to run.
  const matches = await queryRows<{
    contactId: string;
    channel: Channel;
    normalized: string;
    matchKey: string;
  }>(
    tx,
    sql`select m.contact_id as "contactId", m.channel, m.normalized, m.match_key as "matchKey"
          from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
          cross join lateral (
            select h.contact_id, h.channel, h.normalized, h.match_key from ${contactIdentities} h
             where h.org_id = ${ctx.orgId} and h.match_key = k.key) m`,
  );
  const byKey = new Map<string, typeof matches>();
  for (const m of matches) byKey.set(m.matchKey, [...(byKey.get(m.matchKey) ?? []), m]);
  for (const identity of fresh) {
    for (const m of byKey.get(identity.matchKey) ?? []) {
      if (m.contactId === identity.contactId) continue;
      const row = await contactsRepo.insertPossibleDuplicate(tx, {
        orgId: ctx.orgId,
        channel: m.channel,
        normalized: m.normalized,
        a: m.contactId,
        b: identity.contactId,
        source: 'import',
      });
      if (row) {
        await emitEvent(tx, identityConflictOpened, ctx.orgId, {
          conflictId: row.id,
          kind: 'possible_duplicate',
        });
      }
    }
  }
}
