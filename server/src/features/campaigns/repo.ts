import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.js';
import { messages, type Channel } from '../../db/schema/index.js';
import { MESSAGE_STATUSES, uuidArray } from '../message-log/index.js';
import type { Audience, CampaignStats } from './schemas.js';

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
