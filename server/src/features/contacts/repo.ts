import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  contactGroupMembers,
  contactGroups,
  contactIdentities,
  contacts,
  identityConflicts,
  organizations,
  suppressions,
  type Channel,
} from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import { keyset, type PageRequest } from '../../platform/pagination.js';
import type { Contact, Identity, ListContactsQuery } from './schemas.js';
import { searchPlan, searchSql } from './search.js';

type ContactRow = typeof contacts.$inferSelect;
type IdentityRow = typeof contactIdentities.$inferSelect;

export const toIdentity = (row: IdentityRow): Identity => ({
  id: row.id,
  channel: row.channel,
  value: row.value,
  normalized: row.normalized,
});

/** Contact rows whose identities match a suppression (value rows) or that are suppressed whole. */
const suppressedSql = (orgId: string) => sql`(
  exists (select 1 from ${suppressions} s where s.org_id = ${orgId}
            and s.contact_id = ${contacts.id} and s.normalized is null)
  or exists (select 1 from ${contactIdentities} i join ${suppressions} s
               on s.org_id = i.org_id and s.normalized = i.normalized
              and (s.channel = 'all' or s.channel = i.channel)
             where i.org_id = ${orgId} and i.contact_id = ${contacts.id}))`;

export const contactsRepo = {
  /** The org's default phone region (its settings): numbers without a country code are read in it. */
  async defaultRegion(db: Executor, orgId: string): Promise<string | undefined> {
    const [row] = await db
      .select({ region: organizations.defaultPhoneRegion })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    return row?.region ?? undefined;
  },

  async insert(db: Executor, values: typeof contacts.$inferInsert) {
    const [row] = await db.insert(contacts).values(values).returning();
    return row!;
  },

  async get(db: Executor, orgId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async update(
    db: Executor,
    orgId: string,
    id: string,
    values: Partial<Pick<ContactRow, 'name' | 'attributes'>>,
  ) {
    const [row] = await db
      .update(contacts)
      .set({ ...values, version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)))
      .returning();
    return row;
  },

  async delete(db: Executor, orgId: string, id: string) {
    await db.delete(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
  },

  /** Newest first; `query` matches names and identity values (see `searchPlan`). */
  async list(
    db: Executor,
    orgId: string,
    query: Omit<ListContactsQuery, 'limit' | 'cursor'>,
    page: PageRequest,
  ) {
    const k = keyset([contacts.id], 'desc', page);
    const filters: (SQL | undefined)[] = [eq(contacts.orgId, orgId), k.where];
    if (query.query) {
      // The matches first (bounded), then primary-key probes: as `IN (subquery)` the planner
      // walked the whole id index backwards looking for 50 matches.
      filters.push(sql`${contacts.id} = any(array(${searchSql(orgId, searchPlan(query.query))}))`);
    }
    if (query.groupId) {
      filters.push(sql`exists (select 1 from ${contactGroupMembers} m
        where m.org_id = ${orgId} and m.group_id = ${query.groupId} and m.contact_id = ${contacts.id})`);
    }
    if (query.channel) {
      filters.push(sql`exists (select 1 from ${contactIdentities} i
        where i.org_id = ${orgId} and i.contact_id = ${contacts.id} and i.channel = ${query.channel})`);
    }
    if (query.suppressed === 'true') filters.push(suppressedSql(orgId));
    if (query.suppressed === 'false') filters.push(sql`not ${suppressedSql(orgId)}`);
    return db
      .select()
      .from(contacts)
      .where(and(...filters))
      .orderBy(...k.orderBy)
      .limit(k.limit);
  },

  async identitiesOf(db: Executor, orgId: string, contactIds: string[]) {
    if (!contactIds.length) return [];
    return db
      .select()
      .from(contactIdentities)
      .where(
        and(eq(contactIdentities.orgId, orgId), inArray(contactIdentities.contactId, contactIds)),
      )
      .orderBy(contactIdentities.id);
  },

  async identity(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.orgId, orgId), eq(contactIdentities.id, id)));
    return row;
  },

  /** Holders of these (channel, normalized) pairs, with the holder's name. */
  async holders(db: Executor, orgId: string, ids: { channel: Channel; normalized: string }[]) {
    if (!ids.length) return [];
    return db
      .select({
        identityId: contactIdentities.id,
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
          or(
            ...ids.map((i) =>
              and(
                eq(contactIdentities.channel, i.channel),
                eq(contactIdentities.normalized, i.normalized),
              ),
            ),
          ),
        ),
      );
  },

  /** Inserts what is free; a row held by someone else (even concurrently) is skipped, not an error. */
  async insertIdentities(db: Executor, rows: (typeof contactIdentities.$inferInsert)[]) {
    if (!rows.length) return [];
    return db.insert(contactIdentities).values(rows).onConflictDoNothing().returning();
  },

  async deleteIdentity(db: Executor, orgId: string, contactId: string, id: string) {
    const [row] = await db
      .delete(contactIdentities)
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          eq(contactIdentities.contactId, contactId),
          eq(contactIdentities.id, id),
        ),
      )
      .returning();
    return row;
  },

  /** Other contacts with an identity of the same match key (phone = WhatsApp, email +tags). */
  async sameMatchKey(db: Executor, orgId: string, contactId: string, matchKeys: string[]) {
    if (!matchKeys.length) return [];
    return db
      .selectDistinct({
        contactId: contactIdentities.contactId,
        channel: contactIdentities.channel,
        normalized: contactIdentities.normalized,
      })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          inArray(contactIdentities.matchKey, matchKeys),
          sql`${contactIdentities.contactId} <> ${contactId}`,
        ),
      );
  },

  /** Adds a contact to those of these groups that exist in the org. */
  async addToGroups(db: Executor, orgId: string, contactId: string, groupIds: string[]) {
    const groups = await db
      .select({ id: contactGroups.id })
      .from(contactGroups)
      .where(and(eq(contactGroups.orgId, orgId), inArray(contactGroups.id, groupIds)));
    if (groups.length) {
      await db
        .insert(contactGroupMembers)
        .values(groups.map((g) => ({ orgId, groupId: g.id, contactId })))
        .onConflictDoNothing();
    }
  },

  async groupIdsOf(db: Executor, orgId: string, contactIds: string[]) {
    if (!contactIds.length) return [];
    return db
      .select({ contactId: contactGroupMembers.contactId, groupId: contactGroupMembers.groupId })
      .from(contactGroupMembers)
      .where(
        and(
          eq(contactGroupMembers.orgId, orgId),
          inArray(contactGroupMembers.contactId, contactIds),
        ),
      )
      .orderBy(contactGroupMembers.groupId);
  },

  async suppressedIds(db: Executor, orgId: string, contactIds: string[]) {
    if (!contactIds.length) return new Set<string>();
    const rows = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(eq(contacts.orgId, orgId), inArray(contacts.id, contactIds), suppressedSql(orgId)),
      );
    return new Set(rows.map((r) => r.id));
  },

  /** Contact-level suppressions (normalized is null) of a contact. */
  async contactSuppressions(db: Executor, orgId: string, contactId: string) {
    return db
      .select()
      .from(suppressions)
      .where(
        and(
          eq(suppressions.orgId, orgId),
          eq(suppressions.contactId, contactId),
          isNull(suppressions.normalized),
        ),
      );
  },

  /**
   * Before a contact is deleted, each whole-contact opt-out becomes value opt-outs of its
   * identities (on that channel, or all of them for `all`), so the opt-out outlives the record.
   * A value opt-out already on the ledger is left as it is. Returns how many were added.
   */
  async preserveSuppressions(
    db: Executor,
    orgId: string,
    contactId: string,
    identities: { id: string; channel: Channel; normalized: string }[],
  ): Promise<number> {
    const rows = await contactsRepo.contactSuppressions(db, orgId, contactId);
    let kept = 0;
    for (const row of rows) {
      const covered = identities.filter((i) => row.channel === 'all' || i.channel === row.channel);
      for (const identity of covered) {
        const [inserted] = await db
          .insert(suppressions)
          .values({
            orgId,
            channel: row.channel,
            normalized: identity.normalized,
            contactId: null,
            identityId: null,
            reason: row.reason,
            source: row.source,
            createdById: row.createdById,
            createdByName: row.createdByName,
            createdAt: row.createdAt,
          })
          .onConflictDoNothing()
          .returning();
        if (inserted) kept++;
      }
      await db
        .delete(suppressions)
        .where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, row.id)));
    }
    return kept;
  },

  // Conflicts are opened here, where identities are refused; identity-conflicts lists and
  // resolves them.
  /** One open conflict per identity: repeated refusals bump `attempts` and keep the latest payload. */
  async upsertIdentityConflict(
    db: Executor,
    values: {
      orgId: string;
      channel: Channel;
      normalized: string;
      contactId: string;
      otherContactId: string | null;
      attempted: Record<string, unknown>;
      source: string;
    },
  ) {
    const [row] = await db
      .insert(identityConflicts)
      .values({ ...values, kind: 'identity_conflict' })
      .onConflictDoUpdate({
        target: [identityConflicts.orgId, identityConflicts.channel, identityConflicts.normalized],
        targetWhere: sql`kind = 'identity_conflict' and status = 'open'`,
        set: {
          attempts: sql`${identityConflicts.attempts} + 1`,
          attempted: values.attempted,
          contactId: values.contactId,
          otherContactId: values.otherContactId,
          updatedAt: new Date(),
        },
      })
      .returning();
    return row!;
  },

  /** Flags a pair once (older contact first); returns undefined when the pair was flagged before. */
  async insertPossibleDuplicate(
    db: Executor,
    values: {
      orgId: string;
      channel: Channel;
      normalized: string;
      a: string;
      b: string;
      source: string;
    },
  ) {
    const [first, second] = values.a < values.b ? [values.a, values.b] : [values.b, values.a];
    const [row] = await db
      .insert(identityConflicts)
      .values({
        orgId: values.orgId,
        kind: 'possible_duplicate',
        channel: values.channel,
        normalized: values.normalized,
        contactId: first,
        otherContactId: second,
        source: values.source,
      })
      .onConflictDoNothing()
      .returning();
    return row;
  },
};

/** Rows → API contacts, with identities, groups and suppression state in three queries. */
export async function toContacts(db: Executor, orgId: string, rows: ContactRow[]) {
  const ids = rows.map((r) => r.id);
  // One after another: a transaction is one connection, and pg does not queue concurrent queries.
  const identities = await contactsRepo.identitiesOf(db, orgId, ids);
  const groups = await contactsRepo.groupIdsOf(db, orgId, ids);
  const suppressed = await contactsRepo.suppressedIds(db, orgId, ids);
  return rows.map((row): Contact => ({
    id: row.id,
    name: row.name,
    attributes: row.attributes,
    source: row.source,
    identities: identities.filter((i) => i.contactId === row.id).map(toIdentity),
    groupIds: groups.filter((g) => g.contactId === row.id).map((g) => g.groupId),
    suppressed: suppressed.has(row.id),
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  }));
}

export async function toContact(db: Executor, orgId: string, row: ContactRow) {
  const [contact] = await toContacts(db, orgId, [row]);
  return contact!;
}
