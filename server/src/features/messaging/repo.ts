import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Executor } from '../../db/client.js';
import {
  messageEvents,
  messages,
  type Channel,
  type MessageChannel,
} from '../../db/schema/index.js';
import type { Audience } from './campaigns.schemas.js';
import type { CampaignStats } from './schemas.js';
import { MESSAGE_STATUSES, type MessageStatus } from './status.js';

export type MessageRow = typeof messages.$inferSelect;

/** The identity channel a message channel sends to: an SMS goes to a `phone` identity. */
export const identityChannelOf = (channel: MessageChannel): Channel =>
  channel === 'sms' ? 'phone' : channel;

/** `{a,b}`: a uuid[] literal (ids are checked UUIDs), so one parameter carries the whole list. */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

export interface EventInput {
  orgId: string;
  messageId: string;
  kind: 'status' | 'attempt' | 'action';
  status: MessageStatus;
  source: 'pipeline' | 'user';
  detail?: Record<string, unknown>;
}

export async function insertEvents(db: Executor, events: EventInput[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000);
    await db.insert(messageEvents).values(
      chunk.map((e) => ({
        id: uuidv7(),
        orgId: e.orgId,
        messageId: e.messageId,
        kind: e.kind,
        status: e.status,
        source: e.source,
        detail: e.detail ?? {},
      })),
    );
  }
}

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

/** The columns the pipeline sets on a message after a step, absolute values. */
export interface MessageUpdate {
  id: string;
  status: MessageStatus;
  attempts: number;
  reasonCode: string | null;
  reason: string | null;
  providerMessageId: string | null;
  providerErrorCode: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  content: MessageRow['content'];
}

/**
 * Many messages, each to its own values, in one statement. The values were computed from the row
 * as claimed, before the provider call; a callback processed meanwhile (SendGrid echoes our id, so
 * its events can land before the send result) may already have moved the message to a provider
 * status. Such a status is kept: the pipeline never moves a message back (status.ts), it only
 * adds what it learnt (the provider's id, the rendered content).
 */
export async function updateMessages(db: Executor, updates: MessageUpdate[]) {
  if (!updates.length) return;
  const values = sql.join(
    updates.map(
      (u) =>
        sql`(${u.id}::uuid, ${u.status}, ${u.attempts}::int, ${u.reasonCode}, ${u.reason},
             ${u.providerMessageId}, ${u.providerErrorCode},
             ${u.nextAttemptAt?.toISOString() ?? null}::timestamptz,
             ${u.sentAt?.toISOString() ?? null}::timestamptz,
             ${u.content ? JSON.stringify(u.content) : null}::jsonb)`,
    ),
    sql`, `,
  );
  const reported = sql.raw(
    `(m.status in ('sent', 'delivered', 'read', 'failed', 'bounced') and ` +
      `v.status in ('queued', 'sending', 'sent', 'needs_review'))`,
  );
  await db.execute(sql`
    update messages m set
      status = case when ${reported} then m.status else v.status end,
      attempts = v.attempts,
      reason_code = case when ${reported} then m.reason_code else v.reason_code end,
      reason = case when ${reported} then m.reason else v.reason end,
      provider_message_id = coalesce(v.provider_message_id, m.provider_message_id),
      provider_error_code = v.provider_error_code, next_attempt_at = v.next_attempt_at,
      sent_at = coalesce(v.sent_at, m.sent_at), content = v.content, updated_at = now(), last_event_at = now()
    from (values ${values}) as v(id, status, attempts, reason_code, reason, provider_message_id,
                                 provider_error_code, next_attempt_at, sent_at, content)
    where m.id = v.id`);
}

export const toUpdate = (row: MessageRow): MessageUpdate => ({
  id: row.id,
  status: row.status as MessageStatus,
  attempts: row.attempts,
  reasonCode: row.reasonCode,
  reason: row.reason,
  providerMessageId: row.providerMessageId,
  providerErrorCode: row.providerErrorCode,
  nextAttemptAt: row.nextAttemptAt,
  sentAt: row.sentAt,
  content: row.content,
});

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
