import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client.js';
import {
  campaigns,
  contactGroups,
  contacts,
  messages,
  type Channel,
} from '../../db/schema/index.js';
import { MESSAGE_STATUSES, uuidArray } from '../message-log/index.js';
import type { Audience, CampaignStats } from './schemas.js';

export type CampaignRow = typeof campaigns.$inferSelect;

/** The campaigns' own rows; every query of the API is scoped by org (the sweep's are not). */
export const campaignsRepo = {
  /** Locked when `forUpdate`: a transition or a launch runs one at a time. */
  async get(tx: Tx, orgId: string, id: string, forUpdate = false) {
    const query = tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)));
    const [row] = await (forUpdate ? query.for('update') : query);
    return row;
  },

  /** Newest first, keyset on the UUIDv7 id. */
  list(
    tx: Tx,
    orgId: string,
    opts: {
      status?: CampaignRow['status'] | undefined;
      beforeId?: string | undefined;
      limit: number;
    },
  ) {
    return tx
      .select()
      .from(campaigns)
      .where(
        and(
          eq(campaigns.orgId, orgId),
          opts.status ? eq(campaigns.status, opts.status) : undefined,
          opts.beforeId ? lt(campaigns.id, opts.beforeId) : undefined,
        ),
      )
      .orderBy(desc(campaigns.id))
      .limit(opts.limit + 1);
  },

  async insert(tx: Tx, values: typeof campaigns.$inferInsert) {
    const [row] = await tx.insert(campaigns).values(values).returning();
    return row!;
  },

  async update(tx: Tx, id: string, values: Partial<typeof campaigns.$inferInsert>) {
    const [row] = await tx.update(campaigns).set(values).where(eq(campaigns.id, id)).returning();
    return row!;
  },

  async delete(tx: Tx, orgId: string, id: string) {
    await tx.delete(campaigns).where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)));
  },

  /** Whether the campaign has any message (a draft never has). */
  async hasMessages(tx: Tx, orgId: string, campaignId: string) {
    const [message] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.campaignId, campaignId)))
      .limit(1);
    return !!message;
  },

  /** The launch's snapshot of the audience, 1000 rows a statement; a repeat is skipped. */
  async insertMessages(tx: Tx, rows: (typeof messages.$inferInsert)[]) {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await tx.insert(messages).values(chunk).onConflictDoNothing();
    }
  },

  /** A cancel: the campaign's queued messages are cancelled; their ids. */
  cancelQueued(tx: Tx, campaignId: string) {
    return tx
      .update(messages)
      .set({
        status: 'cancelled',
        reasonCode: 'campaign_cancelled',
        reason: 'The campaign was cancelled before this message was sent.',
        nextAttemptAt: null,
      })
      .where(and(eq(messages.campaignId, campaignId), eq(messages.status, 'queued')))
      .returning({ id: messages.id });
  },

  /** The integration's running campaigns. */
  runningOf(db: Executor, integrationId: string) {
    return queryRows<{ id: string }>(
      db,
      sql`select id from campaigns where integration_id = ${integrationId} and status = 'running'`,
    );
  },

  /** Every running campaign, of every org (the sweep). */
  running(db: Executor) {
    return queryRows<{ id: string }>(db, sql`select id from campaigns where status = 'running'`);
  },

  /** Scheduled campaigns whose time came: scheduled → running (the sweep, every org). */
  startScheduled(db: Executor) {
    return queryRows<{ id: string; orgId: string; integrationId: string }>(
      db,
      sql`update campaigns set status = 'running', updated_at = now()
          where status = 'scheduled' and scheduled_at <= now()
          returning id, org_id as "orgId", integration_id as "integrationId"`,
    );
  },
};

export interface AudienceMember {
  contactId: string;
  identityId: string | null;
  normalized: string | null;
  suppressed: boolean;
}

/**
 * The audience: distinct contacts of the groups and the list, narrowed by the filter, each with
 * its (oldest) identity on the channel and whether that address or the whole contact opted out.
 */
function audienceQuery(orgId: string, audience: Audience, channel: Channel): SQL {
  const filter = audience.filter ?? {};
  const query = filter.query?.trim();
  return sql`
    with audience as (
      select c.id from contacts c
      where c.org_id = ${orgId}
        and (c.id = any(${uuidArray(audience.contactIds)}::uuid[])
          or exists (select 1 from contact_group_members g
                     where g.org_id = ${orgId} and g.contact_id = c.id
                       and g.group_id = any(${uuidArray(audience.groupIds)}::uuid[])))
        ${query ? sql`and c.name ilike ${`%${query.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}` : sql``}
        ${
          filter.channel
            ? sql`and exists (select 1 from contact_identities fi where fi.org_id = ${orgId}
                   and fi.contact_id = c.id and fi.channel = ${filter.channel})`
            : sql``
        }
    )
    select a.id as "contactId", i.id as "identityId", i.normalized as "normalized",
      exists (select 1 from suppressions s
              where s.org_id = ${orgId} and s.channel in (${channel}, 'all')
                and (s.normalized = i.normalized or (s.normalized is null and s.contact_id = a.id))
      ) as "suppressed"
    from audience a
    left join lateral (
      select ci.id, ci.normalized from contact_identities ci
      where ci.org_id = ${orgId} and ci.contact_id = a.id and ci.channel = ${channel}
      order by ci.created_at, ci.id limit 1
    ) i on true
    order by a.id`;
}

export const audienceRepo = {
  /** The audience's group and contact ids that are not this org's (another org's, or none). */
  async foreignIds(
    db: Executor,
    orgId: string,
    audience: Pick<Audience, 'groupIds' | 'contactIds'>,
  ) {
    const known = async (ids: string[], table: typeof contactGroups | typeof contacts) => {
      if (!ids.length) return new Set<string>();
      const rows = await db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.orgId, orgId), inArray(table.id, ids)));
      return new Set(rows.map((r) => r.id));
    };
    const groups = await known(audience.groupIds, contactGroups);
    const people = await known(audience.contactIds, contacts);
    return {
      groupIds: audience.groupIds.filter((id) => !groups.has(id)),
      contactIds: audience.contactIds.filter((id) => !people.has(id)),
    };
  },

  members(db: Executor, orgId: string, audience: Audience, channel: Channel) {
    return queryRows<AudienceMember>(db, audienceQuery(orgId, audience, channel));
  },

  async preview(db: Executor, orgId: string, audience: Audience, channel: Channel) {
    const [row] = await queryRows<{
      total: number;
      missing: number;
      suppressed: number;
    }>(
      db,
      sql`select count(*)::int as total,
                 count(*) filter (where m."identityId" is null)::int as missing,
                 count(*) filter (where m."identityId" is not null and m."suppressed")::int as suppressed
          from (${audienceQuery(orgId, audience, channel)}) m`,
    );
    const total = Number(row?.total ?? 0);
    const missingIdentity = Number(row?.missing ?? 0);
    const suppressed = Number(row?.suppressed ?? 0);
    return { total, sendable: total - missingIdentity - suppressed, suppressed, missingIdentity };
  },
};

export const emptyStats = (): CampaignStats =>
  Object.fromEntries([['total', 0], ...MESSAGE_STATUSES.map((s) => [s, 0])]) as CampaignStats;

export async function campaignStats(
  db: Executor,
  orgId: string,
  campaignIds: string[],
): Promise<Map<string, CampaignStats>> {
  const out = new Map(campaignIds.map((id) => [id, emptyStats()]));
  if (!campaignIds.length) return out;
  const rows = await db
    .select({
      campaignId: messages.campaignId,
      status: messages.status,
      n: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(messages)
    .where(and(eq(messages.orgId, orgId), inArray(messages.campaignId, campaignIds)))
    .groupBy(messages.campaignId, messages.status);
  for (const r of rows) {
    const stats = out.get(r.campaignId!)!;
    stats.total += r.n;
    if (r.status in stats) stats[r.status as keyof typeof stats] += r.n;
  }
  return out;
}

/** Campaigns among these whose every message is decided: running → completed. */
export async function completeFinishedCampaigns(db: Executor, campaignIds: string[]) {
  if (!campaignIds.length) return [];
  return queryRows<{ id: string; orgId: string }>(
    db,
    sql`update campaigns c set status = 'completed', completed_at = now(), updated_at = now()
        where c.id = any(${uuidArray(campaignIds)}::uuid[]) and c.status = 'running'
          and not exists (select 1 from messages m where m.campaign_id = c.id
                          and m.status in ('queued', 'sending'))
        returning c.id, c.org_id as "orgId"`,
  );
}
