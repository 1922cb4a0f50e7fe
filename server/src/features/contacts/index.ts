/**
 * What other features use from contacts. Everything takes the open tenant transaction and the org
 * explicitly, so callers compose it with their own writes.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { suppressions, type Channel } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { attachIdentities, flagPossibleDuplicates } from './identities.js';
import { parseIdentity, type IdentityResult } from './identity/normalize.js';
import { contactsRepo, toContact } from './repo.js';
import { toSuppression } from './suppressions.repo.js';
import type { Contact } from './schemas.js';

export { checkSuppression, type SendDecision, type SendTarget } from './suppressions.service.js';
export type { SuppressionsService } from './suppressions.service.js';
export { parseIdentity, normalizeIdentity } from './identity/normalize.js';
export type { MergeParticipant } from './merge.js';

export interface TemplateContact {
  name: string;
  attributes: Record<string, string>;
  identities: { channel: Channel; value: string; normalized: string }[];
}

/** The contact as templates see it (preview and render); undefined if it is not in this org. */
export async function loadTemplateContact(
  tx: Tx,
  orgId: string,
  contactId: string,
): Promise<TemplateContact | undefined> {
  const row = await contactsRepo.get(tx, orgId, contactId);
  if (!row) return undefined;
  const identities = await contactsRepo.identitiesOf(tx, orgId, [contactId]);
  return {
    name: row.name,
    attributes: row.attributes,
    identities: identities.map((i) => ({
      channel: i.channel,
      value: i.value,
      normalized: i.normalized,
    })),
  };
}

export type InboundMatch =
  | { ok: true; contact: Contact; identityId: string; created: boolean }
  | { ok: false; error: Extract<IdentityResult, { ok: false }> };

/**
 * Inbound messages: the contact that holds this address, or a new contact (`source: inbound`)
 * holding it. A new address that matches another contact across channels (a WhatsApp number
 * that is someone's SMS number, an email under another spelling) opens a possible_duplicate.
 * Concurrent deliveries from one new address end with one contact.
 */
export async function findOrCreateByIdentity(
  tx: Tx,
  ctx: OrgContext,
  input: { channel: Channel; value: string; region?: string; name?: string },
): Promise<InboundMatch> {
  const parsed = parseIdentity(input.channel, input.value, { region: input.region });
  if (!parsed.ok) return { ok: false, error: parsed };
  const { ok: _ok, ...identity } = parsed;
  const existing = async () => {
    const [holder] = await contactsRepo.holders(tx, ctx.orgId, [identity]);
    if (!holder) return undefined;
    const row = await contactsRepo.get(tx, ctx.orgId, holder.contactId);
    return {
      ok: true as const,
      contact: await toContact(tx, ctx.orgId, row!),
      identityId: holder.identityId,
      created: false,
    };
  };
  const found = await existing();
  if (found) return found;
  const row = await contactsRepo.insert(tx, {
    orgId: ctx.orgId,
    name: input.name?.trim() || identity.value,
    source: 'inbound',
  });
  const attached = await attachIdentities(tx, ctx.orgId, row.id, [identity]);
  if (!attached.ok) {
    await contactsRepo.delete(tx, ctx.orgId, row.id);
    return (await existing())!;
  }
  await flagPossibleDuplicates(tx, ctx, row.id, [identity], 'inbound');
  return {
    ok: true,
    contact: await toContact(tx, ctx.orgId, row),
    identityId: attached.inserted[0]!.id,
    created: true,
  };
}

/**
 * An opt-in keyword (START) from this address on this channel: lifts the `stop_keyword` opt-outs
 * of exactly that address and channel. Opt-outs for any other reason (unsubscribe, bounce,
 * manual, `all` channels) stay. Each lifted entry is audited. Returns how many were lifted.
 */
export async function liftStopKeyword(
  tx: Tx,
  ctx: OrgContext,
  target: { channel: Channel; normalized: string },
): Promise<number> {
  const rows = await tx
    .delete(suppressions)
    .where(
      and(
        eq(suppressions.orgId, ctx.orgId),
        eq(suppressions.channel, target.channel),
        eq(suppressions.normalized, target.normalized),
        eq(suppressions.reason, 'stop_keyword'),
      ),
    )
    .returning();
  for (const row of rows) {
    await auditInOrg(tx, ctx, {
      action: 'suppression.removed',
      targetType: 'suppression',
      targetId: row.id,
      metadata: { removed: toSuppression(row), cause: 'opt_in_keyword' },
    });
  }
  return rows.length;
}
