import type { Tx } from '../../db/client.js';
import type { Channel } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { identityConflictOpened } from './events.js';
import type { NormalizedIdentity } from './identity/normalize.js';
import { contactsRepo } from './repo.js';

export type Remedy = 'open_existing' | 'merge' | 'add_to_existing';

/** The body of the 409 `identity_conflict`: everything needed to fix it. */
export interface ConflictDetails {
  conflictId: string;
  existingContactId: string;
  existingContactName: string;
  identity: { channel: Channel; normalized: string };
  remedies: Remedy[];
}

export const identityConflictError = (d: ConflictDetails) =>
  new AppError(
    'identity_conflict',
    `The ${d.identity.channel} ${d.identity.normalized} already belongs to ${JSON.stringify(d.existingContactName)}.`,
    { extra: { ...d } },
  );

/** Drops repeats of one (channel, normalized) within a single request. */
export function uniqueIdentities(ids: NormalizedIdentity[]): NormalizedIdentity[] {
  const seen = new Set<string>();
  return ids.filter((i) => {
    const k = `${i.channel}\u0000${i.normalized}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Records a refused identity: one open conflict per identity (repeated attempts are counted) and
 * an `identity_conflict` audit row with both sides and the refused payload.
 */
export async function recordRefusal(
  tx: Tx,
  ctx: OrgContext,
  input: {
    holder: { contactId: string; contactName: string; channel: Channel; normalized: string };
    /** The contact the identity was meant for, when it exists (then `merge` is a remedy). */
    otherContactId: string | null;
    attempted: Record<string, unknown>;
    source: string;
  },
): Promise<ConflictDetails> {
  const { holder } = input;
  const conflict = await contactsRepo.upsertIdentityConflict(tx, {
    orgId: ctx.orgId,
    channel: holder.channel,
    normalized: holder.normalized,
    contactId: holder.contactId,
    otherContactId: input.otherContactId,
    attempted: input.attempted,
    source: input.source,
  });
  await auditInOrg(tx, ctx, {
    action: 'identity_conflict',
    targetType: 'contact',
    targetId: holder.contactId,
    metadata: {
      conflictId: conflict.id,
      existing: { contactId: holder.contactId, name: holder.contactName },
      incoming: { contactId: input.otherContactId },
      identity: { channel: holder.channel, normalized: holder.normalized },
      attempted: input.attempted,
      source: input.source,
    },
  });
  if (conflict.attempts === 1) {
    await emitEvent(tx, identityConflictOpened, ctx.orgId, {
      conflictId: conflict.id,
      kind: 'identity_conflict',
    });
  }
  return {
    conflictId: conflict.id,
    existingContactId: holder.contactId,
    existingContactName: holder.contactName,
    identity: { channel: holder.channel, normalized: holder.normalized },
    remedies: input.otherContactId
      ? ['open_existing', 'merge']
      : ['open_existing', 'add_to_existing'],
  };
}

export type AttachResult =
  | { ok: true; inserted: Awaited<ReturnType<typeof contactsRepo.insertIdentities>> }
  | { ok: false; holder: Awaited<ReturnType<typeof contactsRepo.holders>>[number] };

/**
 * Adds identities to a contact. An identity held by another contact — already, or by a
 * concurrent transaction that committed first (ON CONFLICT DO NOTHING waits for it) — comes back
 * as `ok: false` with its holder; the caller decides whether that refuses the whole write.
 */
export async function attachIdentities(
  tx: Tx,
  orgId: string,
  contactId: string,
  identities: NormalizedIdentity[],
): Promise<AttachResult> {
  const held = await contactsRepo.holders(tx, orgId, identities);
  const foreign = held.find((h) => h.contactId !== contactId);
  if (foreign) return { ok: false, holder: foreign };
  const mine = new Set(held.map((h) => `${h.channel}\u0000${h.normalized}`));
  const fresh = identities.filter((i) => !mine.has(`${i.channel}\u0000${i.normalized}`));
  const inserted = await contactsRepo.insertIdentities(
    tx,
    fresh.map((i) => ({ ...i, orgId, contactId })),
  );
  if (inserted.length < fresh.length) {
    const now = await contactsRepo.holders(tx, orgId, fresh);
    const raced = now.find((h) => h.contactId !== contactId);
    if (raced) return { ok: false, holder: raced };
  }
  return { ok: true, inserted };
}

/**
 * Cross-channel duplicates (the same E.164 as phone and WhatsApp, one mailbox under two
 * spellings) open a `possible_duplicate` conflict once per pair; the write goes through.
 */
export async function flagPossibleDuplicates(
  tx: Tx,
  ctx: OrgContext,
  contactId: string,
  identities: { channel: Channel; normalized: string; matchKey: string }[],
  source: string,
): Promise<string[]> {
  const matches = await contactsRepo.sameMatchKey(
    tx,
    ctx.orgId,
    contactId,
    identities.map((i) => i.matchKey),
  );
  const opened: string[] = [];
  for (const m of matches) {
    const id = await openPossibleDuplicate(tx, ctx, {
      channel: m.channel,
      normalized: m.normalized,
      a: m.contactId,
      b: contactId,
      source,
    });
    if (id) opened.push(id);
  }
  return opened;
}

/**
 * Flags contacts `a` and `b` as possible duplicates (over this identity), once per pair: returns
 * the new conflict's id, or undefined when the pair was flagged before.
 */
export async function openPossibleDuplicate(
  tx: Tx,
  ctx: OrgContext,
  pair: { channel: Channel; normalized: string; a: string; b: string; source: string },
): Promise<string | undefined> {
  const row = await contactsRepo.insertPossibleDuplicate(tx, { orgId: ctx.orgId, ...pair });
  if (!row) return undefined;
  await emitEvent(tx, identityConflictOpened, ctx.orgId, {
    conflictId: row.id,
    kind: 'possible_duplicate',
  });
  return row.id;
}
