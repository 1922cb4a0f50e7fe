import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/client.js';
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
import { conflictsRepo } from './conflicts.repo.js';
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

/**
 * Imports one batch in one transaction with a handful of set-based queries, so a large file
 * runs at thousands of rows a second. A row whose identities all belong to one contact updates
 * it (which is what makes re-running a file create nothing new); identities spread over two
 * contacts are a conflict, recorded like any other refused identity.
 */
export async function importBatch(
  tx: Tx,
  ctx: OrgContext,
  input: {
    importId: string;
    rows: ParsedRow[];
    mapping: Record<string, string>;
    region: string | undefined;
    groupId: string | null;
  },
): Promise<void> {
  const orgId = ctx.orgId;
  const results: RowResult[] = [];
  const read = input.rows.map((r) => ({ row: r, parsed: readRow(r, input.mapping, input.region) }));
  const all = read.flatMap((r) => (r.parsed.ok ? r.parsed.identities : []));
  const holders = new Map<string, Holder>();
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const found = await tx
      .select({
        channel: contactIdentities.channel,
        normalized: contactIdentities.normalized,
        contactId: contactIdentities.contactId,
        contactName: contacts.name,
      })
      .from(contactIdentities)
      .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          sql`(${contactIdentities.channel}, ${contactIdentities.normalized}) in (select x.channel, x.normalized from jsonb_to_recordset(${JSON.stringify(chunk.map((c) => ({ channel: c.channel, normalized: c.normalized })))}::jsonb) as x(channel text, normalized text))`,
        ),
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

  for (let i = 0; i < newContacts.length; i += 2000) {
    await tx.insert(contacts).values(newContacts.slice(i, i + 2000));
  }
  for (let i = 0; i < newIdentities.length; i += 2000) {
    await tx
      .insert(contactIdentities)
      .values(newIdentities.slice(i, i + 2000))
      .onConflictDoNothing();
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
  for (let i = 0; i < results.length; i += 2000) {
    await tx
      .insert(contactImportRows)
      .values(results.slice(i, i + 2000).map((r) => ({ ...r, orgId, importId: input.importId })))
      .onConflictDoUpdate({
        target: [contactImportRows.orgId, contactImportRows.importId, contactImportRows.rowNumber],
        set: {
          status: sql`excluded.status`,
          contactId: sql`excluded.contact_id`,
          reason: sql`excluded.reason`,
        },
      });
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
  const matches = await tx
    .select({
      contactId: contactIdentities.contactId,
      channel: contactIdentities.channel,
      normalized: contactIdentities.normalized,
      matchKey: contactIdentities.matchKey,
    })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.orgId, ctx.orgId), inArray(contactIdentities.matchKey, keys)));
  const byKey = new Map<string, typeof matches>();
  for (const m of matches) byKey.set(m.matchKey, [...(byKey.get(m.matchKey) ?? []), m]);
  for (const identity of fresh) {
    for (const m of byKey.get(identity.matchKey) ?? []) {
      if (m.contactId === identity.contactId) continue;
      const row = await conflictsRepo.insertPossibleDuplicate(tx, {
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
