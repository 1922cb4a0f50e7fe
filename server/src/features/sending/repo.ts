import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client.js';
import {
  campaigns,
  contactIdentities,
  contacts,
  messages,
  type Channel,
} from '../../db/schema/index.js';
import type { TemplateContact } from '../contacts/index.js';
import { loadOrgProfile } from '../settings/index.js';
import type { TemplateOrg } from '../templates/index.js';
import { uuidArray, type MessageRow } from '../message-log/index.js';

/**
 * The SQL of sending: what the pipeline claims, reconciles and paces (`send_rate_limits`), and
 * what the one-off send API reads and writes. The pipeline's queries name the integration, not
 * the org: they run as the owning role for every org at once.
 */
export const sendingRepo = {
  /**
   * The messages still waiting to go out through an integration that no longer exists: failed,
   * with our reason. Returns them (for their events and campaigns).
   */
  failQueuedOf(tx: Executor, orgId: string, integrationId: string) {
    return tx
      .update(messages)
      .set({
        status: 'failed',
        reasonCode: 'integration_deleted',
        reason: 'The integration was deleted before the message was sent.',
        nextAttemptAt: null,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(messages.orgId, orgId),
          eq(messages.integrationId, integrationId),
          eq(messages.status, 'queued'),
        ),
      )
      .returning();
  },

  // ---- The pipeline: claiming due messages

  /** The 429 block and the strictest running campaign's rate, in one round trip. */
  async sendLimits(tx: Executor, integrationId: string) {
    const [limit] = await queryRows<{ rate: number | null; blocked: number | string | null }>(
      tx,
      sql`select (select min(rate_limit_per_second)::int from campaigns
                  where integration_id = ${integrationId} and status = 'running') as rate,
                 (select extract(epoch from blocked_until) * 1000 from send_rate_limits
                  where integration_id = ${integrationId}) as blocked`,
    );
    return {
      blockedUntil: limit?.blocked == null ? null : Number(limit.blocked),
      rate: limit?.rate ? Number(limit.rate) : null,
    };
  },

  /**
   * Up to `size` due messages of the integration, marked `sending` with the attempt counted and
   * their lease (`for update skip locked`: several dispatchers share the work).
   */
  claimDue(tx: Executor, integrationId: string, size: number, leaseMs: number) {
    return tx
      .update(messages)
      .set({
        status: 'sending',
        attempts: sql`${messages.attempts} + 1`,
        nextAttemptAt: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      })
      .where(
        sql`${messages.id} in (
          select m.id from messages m left join campaigns c on c.id = m.campaign_id
          where m.integration_id = ${integrationId} and m.status = 'queued'
            and m.next_attempt_at <= now()
            and (m.campaign_id is null or c.status in ('running', 'completed'))
          order by m.next_attempt_at, m.id
          limit ${size}
          for update of m skip locked)`,
      )
      .returning();
  },

  /** Those of these messages whose recipient (address or whole contact) opted out. */
  async suppressedAmong(tx: Executor, ids: string[]) {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`select m.id from messages m where m.id = any(${uuidArray(ids)}::uuid[])
          and exists (select 1 from suppressions s
            where s.org_id = m.org_id
              and s.channel in (case when m.channel = 'sms' then 'phone' else m.channel end, 'all')
              and (s.normalized = m.address
                   or (s.normalized is null and s.contact_id = m.contact_id)))`,
    );
    return rows.map((r) => r.id);
  },

  /** The contacts as templates see them (name, attributes, identities), by id. */
  async templateContacts(tx: Tx, orgId: string, ids: string[]) {
    const out = new Map<string, TemplateContact>();
    if (!ids.length) return out;
    const rows = await tx
      .select({ id: contacts.id, name: contacts.name, attributes: contacts.attributes })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)));
    for (const r of rows) out.set(r.id, { name: r.name, attributes: r.attributes, identities: [] });
    const identities = await tx
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.orgId, orgId), inArray(contactIdentities.contactId, ids)));
    for (const i of identities) {
      out.get(i.contactId)?.identities.push({
        channel: i.channel,
        value: i.value,
        normalized: i.normalized,
      });
    }
    return out;
  },

  /** The campaigns' template variables, by campaign id. */
  async campaignVariables(tx: Executor, campaignIds: string[]) {
    return new Map(
      campaignIds.length
        ? (
            await tx
              .select({ id: campaigns.id, variables: campaigns.variables })
              .from(campaigns)
              .where(inArray(campaigns.id, campaignIds))
          ).map((c) => [c.id, c.variables])
        : [],
    );
  },

  /** `org` as templates see it: its name and its logo's public URL ('' without a logo). */
  async templateOrg(tx: Executor, orgId: string, publicUrl: string): Promise<TemplateOrg> {
    const profile = await loadOrgProfile(tx, orgId, publicUrl);
    return { name: profile?.name ?? '', logo_url: profile?.logoUrl ?? '' };
  },

  // ---- The pipeline: when there is work, and stale sends

  /** The earliest next attempt of the integration's queued or sending messages. */
  async earliestDue(db: Executor, integrationId: string) {
    const [row] = await queryRows<{ at: string | Date | null }>(
      db,
      sql`select min(m.next_attempt_at) as at from messages m
          left join campaigns c on c.id = m.campaign_id
          where m.integration_id = ${integrationId} and m.status in ('queued', 'sending')
            and (m.status = 'sending' or m.campaign_id is null or c.status in ('running', 'completed'))`,
    );
    return row?.at ?? null;
  },

  /** Integrations with messages due now: queued, or sending past their lease. */
  dueIntegrations(db: Executor) {
    return queryRows<{ orgId: string; integrationId: string }>(
      db,
      sql`select distinct m.org_id as "orgId", m.integration_id as "integrationId"
          from messages m left join campaigns c on c.id = m.campaign_id
          where m.status in ('queued', 'sending') and m.next_attempt_at <= now()
            and (m.status = 'sending' or m.campaign_id is null
                 or c.status in ('running', 'completed'))`,
    );
  },

  /**
   * Integrations with a claim whose lease ran out (its worker died or lost the database) or an
   * ambiguous send due for its lookup. Served by `messages_sending_lease_idx`: only rows in flight
   * are read, however long the queue. A disabled or deleted integration is left out: its
   * dispatcher would do nothing, every 2 s.
   */
  expiredLeaseIntegrations(db: Executor) {
    return queryRows<{ orgId: string; integrationId: string }>(
      db,
      sql`select distinct m.org_id as "orgId", m.integration_id as "integrationId"
          from messages m join integrations i on i.id = m.integration_id
          where m.status = 'sending' and m.next_attempt_at <= now() and i.status <> 'disabled'`,
    );
  },

  /**
   * The heartbeat of a live worker: its claims still `sending` and still within their lease get
   * `leaseMs` more (never less than they had). A claim whose lease already ran out is not
   * renewed: it may be another worker's now, and the caller stops sending it. Returns the renewed
   * ids with their new lease end (milliseconds, the database's clock).
   */
  async renewLeases(db: Executor, ids: string[], leaseMs: number) {
    if (!ids.length) return [];
    const rows = await queryRows<{ id: string; until: number | string }>(
      db,
      sql`update messages
          set next_attempt_at = greatest(next_attempt_at,
                                         now() + ${`${leaseMs} milliseconds`}::interval)
          where id = any(${uuidArray(ids)}::uuid[]) and status = 'sending'
            and next_attempt_at > now()
          returning id, extract(epoch from next_attempt_at) * 1000 as until`,
    );
    return rows.map((r) => ({ id: r.id, until: Number(r.until) }));
  },

  /** When the current attempt of these messages was claimed (their `sending` attempt event). */
  async claimedAt(db: Executor, rows: { id: string; attempts: number }[]) {
    if (!rows.length) return new Map<string, Date>();
    const found = await queryRows<{ id: string; at: string | Date }>(
      db,
      sql`select e.message_id as id, min(e.occurred_at) as at from message_events e
          join unnest(${uuidArray(rows.map((r) => r.id))}::uuid[],
                      ${`{${rows.map((r) => r.attempts).join(',')}}`}::int[]) as m(id, attempt)
            on m.id = e.message_id
          where e.kind = 'attempt' and e.status = 'sending' and e.detail->>'attempt' = m.attempt::text
          group by e.message_id`,
    );
    return new Map(found.map((r) => [r.id, new Date(r.at)]));
  },

  /** Up to 50 messages left `sending` past their lease or lookup time, leased again. */
  leaseStale(db: Executor, integrationId: string, leaseMs: number) {
    return db
      .update(messages)
      .set({ nextAttemptAt: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(
        sql`${messages.id} in (
          select m.id from messages m
          where m.integration_id = ${integrationId} and m.status = 'sending'
            and m.next_attempt_at <= now()
          order by m.next_attempt_at, m.id limit 50
          for update of m skip locked)`,
      )
      .returning();
  },

  /** Messages of the integration that already hold this provider id. */
  holdersOfProviderId(db: Executor, integrationId: string, providerMessageId: string) {
    return db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.integrationId, integrationId),
          eq(messages.providerMessageId, providerMessageId),
        ),
      );
  },

  /** How many lookups of this message at its provider failed so far. */
  async failedLookups(db: Executor, messageId: string) {
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from message_events
          where message_id = ${messageId} and detail->>'reconcile' = 'lookup_failed'`,
    );
    return Number(n);
  },

  // ---- The pipeline: pacing (rate-limit.ts)

  async blockedUntil(db: Executor, integrationId: string) {
    const [row] = await queryRows<{ blocked: number | string | null }>(
      db,
      sql`select extract(epoch from blocked_until) * 1000 as blocked
          from send_rate_limits where integration_id = ${integrationId}`,
    );
    return row?.blocked == null ? null : Number(row.blocked);
  },

  /**
   * Moves the integration's next free slot `span` on; the database's clock in ms: where the
   * reserved slots start, and now.
   */
  async reserveSlots(db: Executor, integration: { id: string; orgId: string }, span: string) {
    const [row] = await queryRows<{ start: number | string; now: number | string }>(
      db,
      sql`insert into send_rate_limits (integration_id, org_id, next_slot_at)
          values (${integration.id}, ${integration.orgId}, clock_timestamp() + ${span}::interval)
          on conflict (integration_id) do update
            set next_slot_at = greatest(send_rate_limits.next_slot_at, clock_timestamp())
                               + ${span}::interval,
                updated_at = now()
          returning extract(epoch from next_slot_at - ${span}::interval) * 1000 as start,
                    extract(epoch from clock_timestamp()) * 1000 as now`,
    );
    return { start: Number(row!.start), now: Number(row!.now) };
  },

  async block(db: Executor, integration: { id: string; orgId: string }, until: Date) {
    await db.execute(
      sql`insert into send_rate_limits (integration_id, org_id, blocked_until)
          values (${integration.id}, ${integration.orgId}, ${until.toISOString()}::timestamptz)
          on conflict (integration_id) do update
            set blocked_until = greatest(send_rate_limits.blocked_until, excluded.blocked_until),
                updated_at = now()`,
    );
  },

  // ---- The one-off send API (service.ts); scoped by org

  /** An outbound message of the org, locked for a retry or a review decision. */
  async outboundForUpdate(tx: Tx, orgId: string, id: string) {
    const [row] = await tx
      .select()
      .from(messages)
      .where(
        and(eq(messages.orgId, orgId), eq(messages.id, id), eq(messages.direction, 'outbound')),
      )
      .for('update');
    return row;
  },

  async byIdempotencyKey(tx: Tx, orgId: string, idempotencyKey: string) {
    const [row] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.idempotencyKey, idempotencyKey)));
    return row;
  },

  async campaignStatus(tx: Tx, campaignId: string) {
    const [campaign] = await tx
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    return campaign?.status;
  },

  /** The contact's oldest identity on the channel. */
  async firstIdentity(tx: Tx, orgId: string, contactId: string, channel: Channel) {
    const [identity] = await tx
      .select({ id: contactIdentities.id, normalized: contactIdentities.normalized })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.orgId, orgId),
          eq(contactIdentities.contactId, contactId),
          eq(contactIdentities.channel, channel),
        ),
      )
      .orderBy(asc(contactIdentities.createdAt), asc(contactIdentities.id))
      .limit(1);
    return identity;
  },

  async identity(tx: Tx, id: string) {
    const [row] = await tx
      .select({ id: contactIdentities.id, normalized: contactIdentities.normalized })
      .from(contactIdentities)
      .where(eq(contactIdentities.id, id));
    return row;
  },

  async insertMessage(tx: Tx, values: typeof messages.$inferInsert) {
    const [row] = await tx.insert(messages).values(values).returning();
    return row!;
  },

  async updateMessage(tx: Tx, id: string, values: Partial<MessageRow>) {
    const [row] = await tx.update(messages).set(values).where(eq(messages.id, id)).returning();
    return row!;
  },
};
