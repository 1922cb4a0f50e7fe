import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  contactGroupMembers,
  contactIdentities,
  contacts,
  suppressions,
  type Channel,
} from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import type { Contact, Identity, ListContactsQuery } from './schemas.js';

type ContactRow = typeof contacts.$inferSelect;
type IdentityRow = typeof contactIdentities.$inferSelect;

export const toIdentity = (row: IdentityRow): Identity => ({
  id: row.id,
  channel: row.channel,
  value: row.value,
  normalized: row.normalized,
});

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Contact rows whose identities match a suppression (value rows) or that are suppressed whole. */
const suppressedSql = (orgId: string) => sql`(
  exists (select 1 from ${suppressions} s where s.org_id = ${orgId}
            and s.contact_id = ${contacts.id} and s.normalized is null)
  or exists (select 1 from ${contactIdentities} i join ${suppressions} s
               on s.org_id = i.org_id and s.normalized = i.normalized
              and (s.channel = 'all' or s.channel = i.channel)
             where i.org_id = ${orgId} and i.contact_id = ${contacts.id}))`;

export const contactsRepo = {
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

  /** Newest first; `query` matches names and identity values (trigram indexes). */
  async list(db: Executor, orgId: string, query: ListContactsQuery, afterId?: string) {
    const filters: (SQL | undefined)[] = [
      eq(contacts.orgId, orgId),
      afterId ? lt(contacts.id, afterId) : undefined,
    ];
    if (query.query) {
      const q = query.query.toLowerCase();
      const digits = /^[+\d\s().-]+$/.test(q) ? q.replace(/[^\d+]/g, '') : q;
      // The matches first (two trigram bitmap scans), then primary-key probes: as `IN (subquery)`
      // the planner walked the whole id index backwards looking for 50 matches.
      filters.push(sql`${contacts.id} = any(array(
        select i.contact_id from ${contactIdentities} i
         where i.org_id = ${orgId} and i.normalized like ${likePattern(digits)}
        union
        select c2.id from ${contacts} c2
         where c2.org_id = ${orgId} and lower(c2.name) like ${likePattern(q)}))`);
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
      .orderBy(desc(contacts.id))
      .limit(query.limit + 1);
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
