import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Executor } from '../../db/client.js';
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
}

/** One `provider_events` row for a callback (`callback`, or `webhook_rejected` in log-only). */
export interface CallbackLogRow {
  orgId: string;
  integrationId: string;
  provider: IntegrationProvider;
  channel: string | null;
  kind: 'callback' | 'webhook_rejected';
  outcome: 'accepted' | 'duplicate' | 'unverified' | 'logged';
  latencyMs: number;
  occurredAt: string;
}

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
   * Round trip 2, one statement: insert the events (duplicates on the provider's event id are
   * skipped) and keep the raw request if anything new arrived. A request with one event (nearly
   * every Twilio and Telegram callback) is a single row: the request rides on its event. Several
   * events (a SendGrid batch) or none: the request goes once into `webhook_requests`, in the
   * same statement. Returns how many events were new.
   */
  async store(db: Executor, r: CallbackRecord): Promise<number> {
    const headers = JSON.stringify(r.headers);
    const [only] = r.events;
    if (only && r.events.length === 1) {
      const id = uuidv7();
      const rows = await queryRows<{ id: string }>(
        db,
        sql`
        insert into webhook_events (id, org_id, integration_id, provider, provider_event_id, type, channel,
                                    provider_message_id, occurred_at, event, request_id,
                                    purpose, raw_body, headers, verified)
        values (${id}::uuid, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text,
                ${only.providerEventId}::text, ${only.type}::text, ${only.channel}::text,
                ${only.providerMessageId}::text, ${only.occurredAt}::timestamptz,
                ${JSON.stringify(only.event)}::jsonb, ${id}::uuid,
                ${r.purpose}::text, ${r.rawBody}::text, ${headers}::jsonb, ${r.verified}::boolean)
        on conflict (org_id, integration_id, provider_event_id) do nothing
        returning id`,
      );
      return rows.length;
    }
    const requestId = uuidv7();
    const events = JSON.stringify(r.events.map((e) => ({ ...e, id: uuidv7() })));
    const nothingToDedupe = r.events.length === 0;
    const [row] = await queryRows<{ inserted: number }>(
      db,
      sql`
      with ins as (
        insert into webhook_events (id, org_id, integration_id, provider, provider_event_id, type,
                                    channel, provider_message_id, occurred_at, event, request_id)
        select x.id, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, x."providerEventId",
               x.type, x.channel, x."providerMessageId", x."occurredAt", x.event, ${requestId}::uuid
        from jsonb_to_recordset(${events}::jsonb) as x(
          id uuid, "providerEventId" text, type text, channel text, "providerMessageId" text,
          "occurredAt" timestamptz, event jsonb)
        on conflict (org_id, integration_id, provider_event_id) do nothing
        returning 1
      ), req as (
        insert into webhook_requests (id, org_id, integration_id, provider, purpose, raw_body, headers, verified)
        select ${requestId}::uuid, ${r.orgId}::uuid, ${r.integrationId}::uuid, ${r.provider}::text, ${r.purpose}::text,
               ${r.rawBody}::text, ${headers}::jsonb, ${r.verified}::boolean
        where ${nothingToDedupe}::boolean or exists (select 1 from ins)
      )
      select count(*)::int as inserted from ins`,
    );
    return Number(row?.inserted ?? 0);
  },

  /**
   * The `callback` (and log-only `webhook_rejected`) provider_events of many callbacks, written
   * together by the service's callback log, off the request path.
   */
  async logCallbacks(db: Executor, rows: CallbackLogRow[]) {
    if (!rows.length) return;
    await db.execute(sql`
      insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome,
                                   latency_ms, occurred_at)
      select x.id, x."orgId", x."integrationId", x.provider, x.channel, x.kind, x.outcome,
             x."latencyMs", x."occurredAt"
      from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ ...r, id: uuidv7() })))}::jsonb) as x(
        id uuid, "orgId" uuid, "integrationId" uuid, provider text, channel text, kind text,
        outcome text, "latencyMs" int, "occurredAt" timestamptz)`);
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

  /** The processing job: claim a batch of unprocessed events (other workers skip them). */
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
          where processed_at is null and (next_attempt_at is null or next_attempt_at <= now())
          order by received_at limit ${limit} for update skip locked`,
    );
  },

  /** When the earliest deferred event is due again (null: none waiting). */
  async nextDeferredAt(db: Executor): Promise<Date | null> {
    const [row] = await queryRows<{ at: string | Date | null }>(
      db,
      sql`select min(next_attempt_at) as at from webhook_events
          where processed_at is null and next_attempt_at is not null`,
    );
    return row?.at ? new Date(row.at) : null;
  },

  async markProcessed(db: Executor, ids: string[]) {
    if (!ids.length) return;
    await db.execute(
      sql`update webhook_events set processed_at = now()
          where id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`,
    );
  },

  /**
   * Events a processor could not apply yet: try again after 5 s, 15 s, 45 s… (at most 30 min);
   * once older than `giveUpAfterMs` they are marked processed and a `callback_unmatched`
   * provider event records that they were dropped.
   */
  async defer(db: Executor, ids: string[], giveUpAfterMs: number) {
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
              next_attempt_at = now() + make_interval(secs => least(1800, 5 * power(3, attempts))),
              processed_at = case
                when received_at < now() - make_interval(secs => ${giveUpAfterMs / 1000}::double precision)
                then now() end
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
