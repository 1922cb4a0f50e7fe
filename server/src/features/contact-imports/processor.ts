import { addGroupMembers } from '../groups/index.js';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/client.js';
import type { Channel, contactIdentities, contacts } from '../../db/schema/index.js';
import type { OrgContext } from '../../platform/tenancy.js';
import {
  openPossibleDuplicate,
  parseIdentity,
  recordRefusal,
  type NormalizedIdentity,
} from '../contacts/index.js';
import { batchRepo, type Holder, type RowResult } from './repo.js';

export interface ParsedRow {
  rowNumber: number;
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
    const found = await batchRepo.holders(tx, orgId, all.slice(i, i + 5000));
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

  if (newContacts.length) await batchRepo.insertContacts(tx, orgId, newContacts);
  if (newIdentities.length) {
    await batchRepo.insertIdentities(
      tx,
      orgId,
      newIdentities.map((i) => ({
        id: uuidv7(),
        contactId: i.contactId,
        channel: i.channel,
        value: i.value,
        normalized: i.normalized,
        matchKey: i.matchKey,
      })),
    );
  }
  if (attributeUpdates.size) await batchRepo.mergeAttributes(tx, orgId, attributeUpdates);
  if (input.groupId && touched.length) {
    await addGroupMembers(tx, orgId, input.groupId, [...new Set(touched)]);
  }
  await flagBatchDuplicates(tx, ctx, newIdentities);
  for (const refusal of refusals) await recordRefusal(tx, ctx, refusal);
  if (results.length) await batchRepo.upsertRows(tx, orgId, input.importId, results);
}

/** possible_duplicate for new identities whose match key another contact already has (one query). */
async function flagBatchDuplicates(
  tx: Tx,
  ctx: OrgContext,
  fresh: (typeof contactIdentities.$inferInsert)[],
) {
  if (!fresh.length) return;
  const keys = [...new Set(fresh.map((i) => i.matchKey))];
  const matches = await batchRepo.sameMatchKeys(tx, ctx.orgId, keys);
  const byKey = new Map<string, typeof matches>();
  for (const m of matches) byKey.set(m.matchKey, [...(byKey.get(m.matchKey) ?? []), m]);
  for (const identity of fresh) {
    for (const m of byKey.get(identity.matchKey) ?? []) {
      if (m.contactId === identity.contactId) continue;
      await openPossibleDuplicate(tx, ctx, {
        channel: m.channel,
        normalized: m.normalized,
        a: m.contactId,
        b: identity.contactId,
        source: 'import',
      });
    }
  }
}
