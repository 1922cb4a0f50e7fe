/**
 * What other features use from contacts. Everything takes the open tenant transaction and the org
 * explicitly, so callers compose it with their own writes.
 */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import {
  registerContactExportRoutes,
  registerContactRoutes,
  registerIdentityRoutes,
} from './routes.js';
import type { ContactsService } from './service.js';
import type { Tx } from '../../db/client.js';
import type { Channel } from '../../db/schema/index.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { attachIdentities, flagPossibleDuplicates } from './identities.js';
import { parseIdentity, type IdentityResult } from './identity/normalize.js';
import { contactsRepo, toContact } from './repo.js';
import type { Contact } from './schemas.js';

// Identities: normalization, and the conflicts a refused identity or a likely duplicate opens.
export { normalizeIdentity, parseIdentity, type NormalizedIdentity } from './identity/normalize.js';
export { openPossibleDuplicate, recordRefusal } from './identities.js';
// Contact rows for the features built on them (merge, suppressions, imports).
export { contactsRepo, toContact } from './repo.js';
export { createContactsService, loadContact, type ContactsService } from './service.js';
export { ChannelSchema, Contact, ContactParams, Identity, Region } from './schemas.js';

/** Contacts and their identities: CRUD, search, identity checks and the CSV export. */
export const createContactsModule = (deps: { db: Db; contacts: ContactsService }) =>
  defineModule({
    name: 'contacts',
    routes: {
      org: (app) => {
        registerContactRoutes(app, deps);
        registerIdentityRoutes(app, deps);
        registerContactExportRoutes(app, deps);
      },
    },
  });

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
