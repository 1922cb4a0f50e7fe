import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryPrepared, queryRows, type Executor } from '../../db/client.js';
import {
  providerEvents,
  type IntegrationProvider,
  type VerificationMode,
} from '../../db/schema/index.js';

export interface WebhookTarget {
  orgId: string;
  provider: IntegrationProvider;
  verification: VerificationMode;
  credentialsEncrypted: string;
  webhookSecretEncrypted: string | null;
}

export interface StoredEvent {
  providerEventId: string;
  type: string | null;
  channel: string | null;
  providerMessageId: string | null;
  occurredAt: string;
  event: Record<string, unknown>;
}

export interface CallbackRecord {
  orgId: string;
  integrationId: string;
  provider: IntegrationProvider;
  purpose: string;
  rawBody: string;
  headers: Record<string, string>;
  verified: boolean;
  events: StoredEvent[];
  /** Its `callback` provider_event: the channel, and the time from arrival until the write. */
  log: { channel: string | null; latencyMs: number };
  /**
   * Every row id, chosen before the first write: a record written again (a retry after a
   * connection dropped mid-commit, a spooled record replayed twice) finds its own rows and adds
   * nothing.
   */
  ids: CallbackIds;
  /** When it arrived, for a record written later than that (spooled); otherwise the commit time. */
  receivedAt: string | null;
}

export interface CallbackIds {
  /** One per event, in order. */
  events: string[];
  /** Its `webhook_requests` row (several events or none). */
  request: string;
  /** Its `callback` provider_event, and the `webhook_rejected` one of a log-only unverified request. */
  log: string;
  rejectLog: string | null;
}

export const callbackIds = (eventCount: number, verified: boolean): CallbackIds => ({
  events: Array.from({ length: eventCount }, () => uuidv7()),
  request: uuidv7(),
  log: uuidv7(),
  rejectLog: verified ? null : uuidv7(),
});

/**
 * Many one-event callbacks (nearly every Twilio and Telegram callback) in one prepared statement:
 * each is one `webhook_events` row carrying its own request (`request_id = id`), deduplicated on
 * the provider's event id, plus its `callback` provider_event (and, for a request accepted
 * unverified in log-only mode, a `webhook_rejected` one) with the outcome the insert decided.
 * Two callbacks with one event id in the same batch: the first is stored, the second is a
 * duplicate. A callback written again with the same ids adds no row (its provider_events conflict
 * on their ids). `$1` is a JSON array of `SingleRow`.
 */
const STORE_SINGLES = `
with input as (
  select * from jsonb_to_recordset($1::jsonb) as x(
    id uuid, "orgId" uuid, "integrationId" uuid, provider text, "providerEventId" text, type text,
    channel text, "providerMessageId" text, "occurredAt" timestamptz, event jsonb, purpose text,
    "rawBody" text, headers jsonb, verified boolean, "logId" uuid, "rejectLogId" uuid,
    "logChannel" text, "latencyMs" int, "receivedAt" timestamptz)
), ins as (
  insert into webhook_events (id, org_id, integration_id, provider, provider_event_id, type, channel,
                              provider_message_id, occurred_at, event, request_id, purpose,
                              raw_body, headers, verified, received_at)
  select id, "orgId", "integrationId", provider, "providerEventId", type, channel,
         "providerMessageId", "occurredAt", event, id, purpose, "rawBody", headers, verified,
         coalesce("receivedAt", now())
  from input
  on conflict (org_id, integration_id, provider_event_id) do nothing
  returning id
), logged as (
  insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome,
                               latency_ms, occurred_at)
  select l.id, i."orgId", i."integrationId", i.provider, i."logChannel", l.kind, l.outcome,
         i."latencyMs", coalesce(i."receivedAt", now())
  from input i
  left join ins on ins.id = i.id
  cross join lateral (values
    (i."logId", 'callback',
     case when not i.verified then 'unverified' when ins.id is not null then 'accepted' else 'duplicate' end),
    (i."rejectLogId", 'webhook_rejected', 'logged')) as l(id, kind, outcome)
  where l.id is not null
  on conflict (id) do nothing
)
select id from ins`;

type SingleRow = Omit<CallbackRecord, 'events' | 'log' | 'ids'> &
  StoredEvent & {
    id: string;
    logId: string;
    rejectLogId: string | null;
    logChannel: string | null;
    latencyMs: number;
  };

/**
 * PostgreSQL text and jsonb cannot hold U+0000. A callback carrying one (a JSON `\u0000` in a
 * message, a raw NUL byte) is stored with U+FFFD in its place rather than refused on every retry.
 * The checks keep the common case to one scan.
 */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;
const pgJson = (value: unknown) => {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(NUL_ESCAPE, '$1\\ufffd') : json;
};
const pgText = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text);

/** A callback's monitoring rows (two for a log-only unverified one). */
const logIds = (r: CallbackRecord) => ({
  logId: r.ids.log,
  rejectLogId: r.ids.rejectLog,
  logChannel: r.log.channel,
  latencyMs: r.log.latencyMs,
});

/**
 * Callback ingestion runs as the owning role: no org is known until the integration is found, and
 * the integration id in the URL is the only key. These functions are the whole request path:
 * one lookup (usually cached), then one statement that stores and deduplicates.
 */
export const webhooksRepo = {
  /** Round trip 1: the integration and its (encrypted) secrets. */
  async target(db: Executor, integrationId: string): Promise<WebhookTarget | undefined> {
    const [row] = await queryRows<{
      org_id: string;
      provider: IntegrationProvider;
      verification: VerificationMode;
      credentials_encrypted: string;
      webhook_secret_encrypted: string | null;
    }>(
      db,
      sql`select org_id, provider, verification, credentials_encrypted, webhook_secret_encrypted
          from integrations where id = ${integrationId}::uuid`,
    );
    return (
      row && {
        orgId: row.org_id,
        provider: row.provider,
        verification: row.verification,
        credentialsEncrypted: row.credentials_encrypted,
        webhookSecretEncrypted: row.webhook_secret_encrypted,
      }
    );
  },

  /**
   * Round trip 2 for one-event callbacks, many at a time (the service coalesces concurrent
   * callbacks into one call): one statement stores and deduplicates them and writes their
   * provider_events. Returns, per callback, whether its event was new.
   */
  async storeSingles(db: Executor, records: CallbackRecord[]): Promise<boolean[]> {
    const rows: SingleRow[] = records.map((r) => {
      const { events, log: _log, ids, ...request } = r;
      if (events.length !== 1) throw new Error('storeSingles takes one-event callbacks only');
      return { ...request, ...events[0]!, id: ids.events[0]!, ...logIds(r) };
    });
    const inserted = new Set(
      (
        await queryPrepared<{ id: string }>(db, 'webhook_store_singles', STORE_SINGLES, [
          pgJson(rows),
        ])
      ).map((r) => r.id),
    );
    return rows.map((r) => inserted.has(r.id));
  },

  /**
   * Round trip 2 for a request with several events (a SendGrid batch) or none, in one
   * statement: insert the events (duplicates on the provider's event id are skipped), keep the
   * request once in `webhook_requests` if anything new arrived (or there was nothing to
   * dedupe), and write its provider_events. Returns how many events were new. Written again with
   * the same ids, it adds nothing.
   */
  async store(db: Executor, r: CallbackRecord): Promise<number> {
    const headers = pgJson(r.headers);
    const rawBody = pgText(r.rawBody);
    const requestId = r.ids.request;
    const events = pgJson(r.events.map((e, i) => ({ ...e, id: r.ids.events[i]! })));
    const receivedAt = r.receivedAt;
    const nothingToDedupe = r.events.length === 0;
    const { logId, rejectLogId, logChannel, latencyMs } = logIds(r);
    const [row] = await queryRows<{ inserted: number }>(
      db,
      sql`
      with ins as (
        insert into webhook_events (id, org_id, integration_id, provider, provider_event_id, type,
                                    channel, provider_message_id, occurred_at, event, request_id,
                                    received_at)
        select x.id, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, x."providerEventId",
               x.type, x.channel, x."providerMessageId", x."occurredAt", x.event, ${requestId}::uuid,
               coalesce(${receivedAt}::timestamptz, now())
        from jsonb_to_recordset(${events}::jsonb) as x(
          id uuid, "providerEventId" text, type text, channel text, "providerMessageId" text,
          "occurredAt" timestamptz, event jsonb)
        on conflict (org_id, integration_id, provider_event_id) do nothing
        returning 1
      ), req as (
        insert into webhook_requests (id, org_id, integration_id, provider, purpose, raw_body, headers,
                                      verified, received_at)
        select ${requestId}::uuid, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, ${r.purpose}::text,
               ${rawBody}::text, ${headers}::jsonb, ${r.verified}::boolean,
               coalesce(${receivedAt}::timestamptz, now())
        where ${nothingToDedupe}::boolean or exists (select 1 from ins)
        on conflict (id) do nothing
      ), logged as (
        insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome,
                                     latency_ms, occurred_at)
        select l.id, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, ${logChannel}::text,
               l.kind, l.outcome, ${latencyMs}::int, coalesce(${receivedAt}::timestamptz, now())
        from (values
          (${logId}::uuid, 'callback',
           case when not ${r.verified}::boolean then 'unverified'
                when ${nothingToDedupe}::boolean or exists (select 1 from ins) then 'accepted'
                else 'duplicate' end),
          (${rejectLogId}::uuid, 'webhook_rejected', 'logged')) as l(id, kind, outcome)
        where l.id is not null
        on conflict (id) do nothing
      )
      select count(*)::int as inserted from ins`,
    );
    return Number(row?.inserted ?? 0);
  },

  /** A request that failed verification changes nothing but this record. */
  async rejected(
    db: Executor,
    r: {
      orgId: string;
      integrationId: string;
      provider: IntegrationProvider;
      channel: string | null;
      latencyMs: number;
      reason: string;
    },
  ) {
    await db.execute(sql`
      insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome, latency_ms, error_code)
      values (${uuidv7()}::uuid, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, ${r.channel}::text,
              'webhook_rejected', 'rejected', ${r.latencyMs}::int, ${r.reason})`);
  },

  /**
   * The processing job: claim a batch of due events, oldest due first (other workers skip
   * them). Served by `webhook_events_due_idx`: deferred events not due yet are not walked.
   */
  async claimPending(db: Executor, limit: number) {
    return queryRows<{
      id: string;
      org_id: string;
      integration_id: string;
      provider: IntegrationProvider;
      type: string | null;
      event: Record<string, unknown>;
    }>(
      db,
      sql`select id, org_id, integration_id, provider, type, event from webhook_events
          where processed_at is null and coalesce(next_attempt_at, received_at) <= now()
          order by coalesce(next_attempt_at, received_at) limit ${limit} for update skip locked`,
    );
  },

  /**
   * When the next event that is not due yet becomes due (null: none waiting). Only deferred
   * events can be due in the future; one probe of `webhook_events_due_idx`.
   */
  async nextDeferredAt(db: Executor): Promise<Date | null> {
    const [row] = await queryRows<{ at: string | Date }>(
      db,
      sql`select coalesce(next_attempt_at, received_at) as at from webhook_events
          where processed_at is null and coalesce(next_attempt_at, received_at) > now()
          order by coalesce(next_attempt_at, received_at) limit 1`,
    );
    return row ? new Date(row.at) : null;
  },

  async markProcessed(db: Executor, ids: string[]) {
    if (!ids.length) return;
    await db.execute(
      sql`update webhook_events set processed_at = now(), outcome = 'processed'
          where id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`,
    );
  },

  /**
   * Events a processor could not apply yet: try again after 5 s, 15 s, 45 s… (at most 30 min), the
   * last try right when the deferral window (`giveUpAfterMs` after receipt) ends; deferred again
   * after it, they end `unmatched` (out of the pending scan and its index) and a
   * `callback_unmatched` provider event records that they were dropped.
   */
  async defer(db: Executor, ids: string[], giveUpAfterMs: number) {
    const window = `${giveUpAfterMs} milliseconds`;
    const givenUp = await queryRows<{
      org_id: string;
      integration_id: string;
      provider: IntegrationProvider;
      channel: string | null;
      processed_at: string | Date | null;
    }>(
      db,
      sql`update webhook_events
          set attempts = attempts + 1,
              next_attempt_at = least(
                now() + make_interval(secs => least(1800, 5 * power(3, attempts))),
                greatest(now(), received_at + ${window}::interval) + interval '1 second'),
              processed_at = case when received_at <= now() - ${window}::interval then now() end,
              outcome = case when received_at <= now() - ${window}::interval then 'unmatched' end
          where id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))
          returning org_id, integration_id, provider, channel, processed_at`,
    );
    const rows = givenUp.filter((r) => r.processed_at !== null);
    if (!rows.length) return;
    await db.insert(providerEvents).values(
      rows.map((r) => ({
        id: uuidv7(),
        orgId: r.org_id,
        integrationId: r.integration_id,
        provider: r.provider,
        channel: r.channel,
        kind: 'callback_unmatched',
        outcome: 'gave_up',
      })),
    );
  },
};
