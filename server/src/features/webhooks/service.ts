import type { Logger } from 'pino';
import type { Db, Executor } from '../../db/client.js';
import type { IntegrationProvider } from '../../db/schema/index.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import type { InboundRequest, WebhookSecrets } from '../../providers/provider.js';
import { KEPT_HEADERS, providerOf } from '../../providers/registry.js';
import type { NormalizedEvent } from '../../providers/types.js';
import { createCoalescer } from '../../platform/coalesce.js';
import { webhooksRepo, type CallbackRecord, type WebhookTarget } from './repo.js';

export interface WebhooksDeps {
  db: Db;
  secrets: KeyRing;
  publicUrl: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /**
   * What is done with stored callbacks, declared by the features that consume them (today the
   * provider-callbacks feature: status changes and inbound messages), in this order.
   */
  processors: readonly CallbackProcessor[];
}

export type IngestResult = { status: 200; inserted: number } | { status: 401 | 403 };

/** A stored callback event handed to a processor (see `WebhooksDeps.processors`). */
export interface CallbackEvent {
  id: string;
  orgId: string;
  integrationId: string;
  provider: IntegrationProvider;
  /** The normalized event; null for updates stored for dedupe only. */
  event: (Omit<NormalizedEvent, 'occurredAt'> & { occurredAt: string }) | null;
}

/**
 * What a processor could not do yet: `defer` lists events to hand over again later (with
 * backoff), e.g. a status for a message whose send result is not committed yet. A deferred event
 * is given to every processor again, so processors must be idempotent.
 */
export interface CallbackOutcome {
  defer?: string[];
}

export type CallbackProcessor = (
  tx: Executor,
  events: CallbackEvent[],
) => Promise<void | CallbackOutcome>;

/**
 * The deferral window: an event still deferred this long after receipt ends `unmatched` (and is
 * recorded). A status that beats its send result waits seconds; a lookup after an ambiguous send
 * minutes. An hour covers both, and keeps a load test's stray callbacks (ids we never sent) out of
 * the pending scan after about seven tries instead of a day of them (decision 027).
 */
export const DEFER_GIVE_UP_MS = 3_600_000;

/**
 * Integrations seen by this process in the last few seconds: under callback load the lookup
 * (round trip 1) is mostly skipped. A change made in this process is forgotten at once
 * (`forget`); other processes see it within TARGET_TTL_MS.
 */
const TARGET_TTL_MS = 5_000;

/**
 * One-event callbacks arriving together share one statement (and one commit): at most this many
 * per statement, and at most this many statements at once (each holds a pooled connection).
 */
const STORE_BATCH = { maxBatch: 200, maxInFlight: 4 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createWebhooksService(deps: WebhooksDeps) {
  const { processors } = deps;
  const singles = createCoalescer<CallbackRecord, boolean>(
    (records) => webhooksRepo.storeSingles(deps.db, records),
    STORE_BATCH,
  );
  // Secrets are decrypted once per cache fill, not once per callback.
  type Known = { target: WebhookTarget; secrets: WebhookSecrets };
  const cache = new Map<string, { at: number; known: Known }>();

  function secretsOf(target: WebhookTarget): WebhookSecrets {
    return {
      provider: target.provider,
      credentials: JSON.parse(deps.secrets.decryptString(target.credentialsEncrypted)) as Record<
        string,
        string
      >,
      webhookSecret: target.webhookSecretEncrypted
        ? deps.secrets.decryptString(target.webhookSecretEncrypted)
        : null,
    };
  }

  async function lookup(
    integrationId: string,
    provider: IntegrationProvider,
  ): Promise<Known | undefined> {
    if (!UUID.test(integrationId)) return undefined;
    const hit = cache.get(integrationId);
    let known: Known | undefined;
    if (hit && Date.now() - hit.at < TARGET_TTL_MS) known = hit.known;
    else {
      const target = await webhooksRepo.target(deps.db, integrationId);
      // Only known integrations are cached: probing random ids cannot fill the map.
      if (target) {
        known = { target, secrets: secretsOf(target) };
        if (cache.size > 10_000) cache.clear();
        cache.set(integrationId, { at: Date.now(), known });
      }
    }
    if (!known || known.target.provider !== provider) return undefined;
    return known;
  }

  return {
    /** An integration changed or was deleted in this process: stop using its cached secrets. */
    forget(integrationId: string) {
      cache.delete(integrationId);
    },

    /**
     * A provider callback: verify (before anything else), then store and deduplicate it with
     * its provider_event in one statement, before the caller answers 2xx. One-event callbacks
     * arriving together share that statement. `latency_ms` on the provider_event is the time
     * until the write was issued. Unknown integrations get the same answer as a bad signature,
     * so ids cannot be probed.
     */
    async ingest(
      provider: IntegrationProvider,
      integrationId: string,
      req: InboundRequest,
    ): Promise<IngestResult> {
      const started = performance.now();
      const spec = providerOf(provider);
      const known = await lookup(integrationId, provider);
      if (!known) return { status: spec.callbacks.rejectStatus };
      const { target } = known;
      const verified = spec.callbacks.verify(known.secrets, req);
      const latencyMs = () => Math.round(performance.now() - started);
      const channel = spec.defaultChannel;
      if (!verified && target.verification === 'enforced') {
        await webhooksRepo.rejected(deps.db, {
          orgId: target.orgId,
          integrationId,
          provider,
          channel,
          latencyMs: latencyMs(),
          reason: 'signature_invalid',
        });
        return { status: spec.callbacks.rejectStatus };
      }
      if (!verified) {
        deps.logger.warn(
          { integrationId, provider },
          'unverified callback accepted (log_only mode)',
        );
      }
      const parsed = spec.callbacks.parse(req) ?? [];
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      const record: CallbackRecord = {
        orgId: target.orgId,
        integrationId,
        provider,
        purpose: req.purpose,
        rawBody: req.rawBody.toString('utf8'),
        headers,
        verified,
        events: parsed.map(({ providerEventId, event }) => ({
          providerEventId,
          type: event?.type ?? null,
          channel: event?.channel ?? null,
          providerMessageId: event?.providerMessageId ?? null,
          occurredAt: (event?.occurredAt ?? new Date()).toISOString(),
          event: event ? { ...event, occurredAt: event.occurredAt.toISOString() } : {},
        })),
        log: { channel: parsed[0]?.event?.channel ?? channel, latencyMs: latencyMs() },
      };
      const inserted =
        record.events.length === 1
          ? Number(await singles.add(record))
          : await webhooksRepo.store(deps.db, record);
      return { status: 200, inserted };
    },

    /** A provider's GET handshake (Meta's `hub.challenge`) answered with the integration's token. */
    async handshake(
      provider: IntegrationProvider,
      integrationId: string,
      query: Record<string, unknown>,
    ): Promise<{ status: 200; body: string } | { status: 403 }> {
      const handshake = providerOf(provider).callbacks.handshake;
      const token = handshake && (await lookup(integrationId, provider))?.secrets.webhookSecret;
      if (!handshake || !token) return { status: 403 };
      return handshake.answer(query, token);
    },

    /** When a deferred event is next due (the job schedules its own follow-up for it). */
    nextDeferredAt(): Promise<Date | null> {
      return webhooksRepo.nextDeferredAt(deps.db);
    },

    /**
     * The `webhooks.process` job: hands stored events to the registered processors and marks
     * them processed, in one transaction per batch (a failing processor leaves the batch for the
     * next run). Events a processor defers come back after a backoff, until DEFER_GIVE_UP_MS after
     * receipt. Returns how many events were handed over.
     */
    async processPending(batchSize = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await deps.db.transaction(async (tx) => {
          const rows = await webhooksRepo.claimPending(tx, batchSize);
          const events: CallbackEvent[] = rows.map((r) => ({
            id: r.id,
            orgId: r.org_id,
            integrationId: r.integration_id,
            provider: r.provider,
            event: r.type ? (r.event as unknown as CallbackEvent['event']) : null,
          }));
          const deferred = new Set<string>();
          for (const processor of processors) {
            const outcome = await processor(tx, events);
            for (const id of outcome?.defer ?? []) deferred.add(id);
          }
          await webhooksRepo.markProcessed(
            tx,
            rows.filter((r) => !deferred.has(r.id)).map((r) => r.id),
          );
          if (deferred.size) await webhooksRepo.defer(tx, [...deferred], DEFER_GIVE_UP_MS);
          return rows.length;
        });
        total += n;
        if (n < batchSize) return total;
      }
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
