import type { Tx } from '../../db/client.js';
import type { ContactSource } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { idPageRequest, toPage, UUID_RE, type Page } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { contactDeleted } from './events.js';
import {
  attachIdentities,
  flagPossibleDuplicates,
  identityConflictError,
  recordRefusal,
  uniqueIdentities,
  type ConflictDetails,
} from './identities.js';
import { normalizeIdentity, type NormalizedIdentity } from './identity/normalize.js';
import { contactsRepo, toContact, toContacts, toIdentity } from './repo.js';
import type {
  Contact,
  CreateContactBody,
  Identity,
  IdentityInput,
  ListContactsQuery,
  UpdateContactBody,
} from './schemas.js';

const sourceOf = (ctx: OrgContext) => (ctx.actor.type === 'system' ? ctx.actor.name : 'api');

/** `defaultRegion` (the org's) reads phone numbers that name no region and have no country code. */
export function normalizeInputs(
  inputs: IdentityInput[],
  path = 'identities',
  defaultRegion?: string,
) {
  return uniqueIdentities(
    inputs.map((i, n) =>
      normalizeIdentity(i.channel, i.value, {
        region: i.region ?? defaultRegion,
        path: `${path}.${n}.value`,
      }),
    ),
  );
}

export async function loadContact(tx: Tx, ctx: OrgContext, id: string) {
  if (!UUID_RE.test(id)) throw notFound('Contact');
  const row = await contactsRepo.get(tx, ctx.orgId, id);
  if (!row) throw notFound('Contact');
  return row;
}

export type CreateOutcome =
  | { ok: true; contact: Contact; possibleDuplicates: string[] }
  | { ok: false; conflict: ConflictDetails };

/**
 * Creates a contact inside an open transaction. A held identity refuses the whole contact but
 * the conflict and its audit row are still written, so callers commit and then report it.
 */
export async function createContactInTx(
  tx: Tx,
  ctx: OrgContext,
  input: {
    name: string;
    identities: NormalizedIdentity[];
    attributes: Record<string, string>;
    groupIds: string[];
    source: ContactSource;
    attempted: Record<string, unknown>;
  },
): Promise<CreateOutcome> {
  const refuse = async (holder: Parameters<typeof recordRefusal>[2]['holder']) => ({
    ok: false as const,
    conflict: await recordRefusal(tx, ctx, {
      holder,
      otherContactId: null,
      attempted: input.attempted,
      source: input.source === 'api' ? sourceOf(ctx) : input.source,
    }),
  });
  const held = await contactsRepo.holders(tx, ctx.orgId, input.identities);
  if (held[0]) return refuse(held[0]);
  const row = await contactsRepo.insert(tx, {
    orgId: ctx.orgId,
    name: input.name,
    attributes: input.attributes,
    source: input.source,
  });
  const attached = await attachIdentities(tx, ctx.orgId, row.id, input.identities);
  if (!attached.ok) {
    await contactsRepo.delete(tx, ctx.orgId, row.id);
    return refuse(attached.holder);
  }
  if (input.groupIds.length) {
    await contactsRepo.addToGroups(tx, ctx.orgId, row.id, input.groupIds);
  }
  const possibleDuplicates = await flagPossibleDuplicates(
    tx,
    ctx,
    row.id,
    input.identities,
    input.source,
  );
  await auditInOrg(tx, ctx, {
    action: 'contact.created',
    targetType: 'contact',
    targetId: row.id,
    metadata: { source: input.source, identities: input.identities.length },
  });
  return { ok: true, contact: await toContact(tx, ctx.orgId, row), possibleDuplicates };
}

export function createContactsService() {
  return {
    async create(ctx: OrgContext, body: CreateContactBody): Promise<Contact> {
      requireRole(ctx, 'member');
      const outcome = await ctx.run(async (tx) =>
        createContactInTx(tx, ctx, {
          name: body.name,
          identities: normalizeInputs(
            body.identities,
            'identities',
            await contactsRepo.defaultRegion(tx, ctx.orgId),
          ),
          attributes: body.attributes,
          groupIds: body.groupIds,
          source: 'api',
          attempted: { ...body },
        }),
      );
      if (!outcome.ok) throw identityConflictError(outcome.conflict);
      return outcome.contact;
    },

    /** Validates and normalizes one identity as a save would (the org's default region included). */
    normalize(ctx: OrgContext, input: IdentityInput): Promise<NormalizedIdentity> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) =>
        normalizeIdentity(input.channel, input.value, {
          region: input.region ?? (await contactsRepo.defaultRegion(tx, ctx.orgId)),
        }),
      );
    },

    get(ctx: OrgContext, id: string): Promise<Contact> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => toContact(tx, ctx.orgId, await loadContact(tx, ctx, id)));
    },

    list(ctx: OrgContext, query: ListContactsQuery): Promise<Page<Contact>> {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await contactsRepo.list(tx, ctx.orgId, query, page);
        const result = toPage(rows, page.limit, (r) => r.id);
        return { ...result, items: await toContacts(tx, ctx.orgId, result.items) };
      });
    },

    update(ctx: OrgContext, id: string, body: UpdateContactBody): Promise<Contact> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const before = await loadContact(tx, ctx, id);
        const row = await contactsRepo.update(tx, ctx.orgId, id, body);
        await auditInOrg(tx, ctx, {
          action: 'contact.updated',
          targetType: 'contact',
          targetId: id,
          metadata: { fields: Object.keys(body), previousName: before.name },
        });
        return toContact(tx, ctx.orgId, row!);
      });
    },

    /** Deletes a contact; its whole-contact opt-outs become value opt-outs of its identities. */
    remove(ctx: OrgContext, id: string): Promise<void> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await loadContact(tx, ctx, id);
        const identities = await contactsRepo.identitiesOf(tx, ctx.orgId, [id]);
        const kept = await contactsRepo.preserveSuppressions(tx, ctx.orgId, id, identities);
        await contactsRepo.delete(tx, ctx.orgId, id);
        await auditInOrg(tx, ctx, {
          action: 'contact.deleted',
          targetType: 'contact',
          targetId: id,
          metadata: {
            name: row.name,
            identities: identities.map((i) => ({ channel: i.channel, normalized: i.normalized })),
            suppressionsKept: kept,
          },
        });
        await emitEvent(tx, contactDeleted, ctx.orgId, { contactId: id });
      });
    },

    async addIdentity(ctx: OrgContext, contactId: string, input: IdentityInput): Promise<Identity> {
      requireRole(ctx, 'member');
      const outcome = await ctx.run(async (tx) => {
        const [identity] = normalizeInputs(
          [input],
          'identity',
          await contactsRepo.defaultRegion(tx, ctx.orgId),
        );
        const contact = await loadContact(tx, ctx, contactId);
        const attached = await attachIdentities(tx, ctx.orgId, contactId, [identity!]);
        if (!attached.ok) {
          return {
            identity: undefined,
            conflict: await recordRefusal(tx, ctx, {
              holder: attached.holder,
              otherContactId: contactId,
              attempted: { contactId, contactName: contact.name, ...input },
              source: sourceOf(ctx),
            }),
          };
        }
        const [row] =
          attached.inserted.length > 0
            ? attached.inserted
            : await contactsRepo
                .identitiesOf(tx, ctx.orgId, [contactId])
                .then((all) =>
                  all.filter(
                    (i) => i.channel === identity!.channel && i.normalized === identity!.normalized,
                  ),
                );
        if (attached.inserted.length) {
          await contactsRepo.update(tx, ctx.orgId, contactId, {});
          await flagPossibleDuplicates(tx, ctx, contactId, [identity!], sourceOf(ctx));
          await auditInOrg(tx, ctx, {
            action: 'contact.identity_added',
            targetType: 'contact',
            targetId: contactId,
            metadata: { channel: identity!.channel, normalized: identity!.normalized },
          });
        }
        return { identity: toIdentity(row!), conflict: undefined };
      });
      if (outcome.conflict) throw identityConflictError(outcome.conflict);
      return outcome.identity!;
    },

    removeIdentity(ctx: OrgContext, contactId: string, identityId: string): Promise<void> {
      requireRole(ctx, 'member');
      if (!UUID_RE.test(identityId)) throw notFound('Identity');
      return ctx.run(async (tx) => {
        await loadContact(tx, ctx, contactId);
        const row = await contactsRepo.deleteIdentity(tx, ctx.orgId, contactId, identityId);
        if (!row) throw notFound('Identity');
        await contactsRepo.update(tx, ctx.orgId, contactId, {});
        await auditInOrg(tx, ctx, {
          action: 'contact.identity_removed',
          targetType: 'contact',
          targetId: contactId,
          metadata: { channel: row.channel, normalized: row.normalized },
        });
      });
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
