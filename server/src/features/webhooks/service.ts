import type { Logger } from 'pino';
import type { Db, Executor } from '../../db/client.js';
import type { IntegrationProvider } from '../../db/schema/index.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import type { InboundRequest, WebhookSecrets } from '../../providers/provider.js';
import { KEPT_HEADERS, providerOf } from '../../providers/registry.js';
import type { NormalizedEvent } from '../../providers/types.js';
import { createCoalescer } from '../../platform/coalesce.js';
import { isDatabaseUnreachable } from '../../platform/db-errors.js';
import { AppError } from '../../platform/errors.js';
import { callbackIds, webhooksRepo, type CallbackRecord, type WebhookTarget } from './repo.js';
import { createDbOutage, createSpoolReplay, type ReplayResult } from './spool-replay.js';
import { SpoolFullError, type CallbackSpool } from './spool.js';

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
  /**
   * Where verified callbacks go while the database is unreachable, to be replayed into it later;
   * without one such a callback is answered 503.
   */
  spool?: CallbackSpool;
}

export type IngestResult =
  { status: 200; inserted: number; spooled?: true } | { status: 401 | 403 };

/** A spooled callback can wait; a provider that retries should not hammer a recovering server. */
const RETRY_AFTER = { 'Retry-After': '30' };

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
  const { processors, spool } = deps;
  const outage = createDbOutage(deps.logger);
  const replay = spool
    ? createSpoolReplay({ db: deps.db, spool, outage, logger: deps.logger })
    : async (): Promise<ReplayResult> => ({ stored: 0, busy: false });
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
    // While the database is unreachable a cached integration is used past its TTL.
    if (hit && (outage.down || Date.now() - hit.at < TARGET_TTL_MS)) known = hit.known;
    else {
      let target: WebhookTarget | undefined;
      try {
        target = await webhooksRepo.target(deps.db, integrationId);
      } catch (err) {
        if (!isDatabaseUnreachable(err)) throw err;
        outage.markDown(err);
        if (!hit) {
          throw new AppError(
            'callback_store_unavailable',
            'The database is unreachable and this server has not seen this integration yet.',
            { headers: RETRY_AFTER },
          );
        }
        return hit.known.target.provider === provider ? hit.known : undefined;
      }
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

  let refusedLoggedAt = 0;
  let refusedSinceLog = 0;
  async function toSpool(target: CallbackSpool, record: CallbackRecord) {
    try {
      await target.append(record);
    } catch (err) {
      // The payload stays out of the log: only where it was for, and why it could not be kept.
      // At most one line every 10 s: a full spool refuses every callback.
      refusedSinceLog += 1;
      if (Date.now() - refusedLoggedAt >= 10_000) {
        const { integrationId, provider } = record;
        deps.logger.error(
          { err, integrationId, provider, refused: refusedSinceLog },
          'callback could not be spooled',
        );
        refusedLoggedAt = Date.now();
        refusedSinceLog = 0;
      }
      if (err instanceof SpoolFullError) {
        throw new AppError('callback_spool_full', undefined, { headers: RETRY_AFTER });
      }
      throw new AppError('callback_store_unavailable', undefined, { headers: RETRY_AFTER });
    }
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
     * so ids cannot be probed. While the database is unreachable a verified callback is appended
     * to the spool instead (fsync'd before the 2xx) and replayed later; if the spool cannot take
     * it, the answer is 503 (`callback_spool_full`, `callback_store_unavailable`).
     */
    async ingest(
      provider: IntegrationProvider,
      integrationId: string,
      req: InboundRequest,
    ): Promise<IngestResult> {
      const started = performance.now();
      const arrivedAt = new Date();
      const spec = providerOf(provider);
      const known = await lookup(integrationId, provider);
      if (!known) return { status: spec.callbacks.rejectStatus };
      const { target } = known;
      const verified = spec.callbacks.verify(known.secrets, req);
      const latencyMs = () => Math.round(performance.now() - started);
      const channel = spec.defaultChannel;
      if (!verified && target.verification === 'enforced') {
        // Its monitoring row is not worth spooling: without the database it is only logged.
        await webhooksRepo
          .rejected(deps.db, {
            orgId: target.orgId,
            integrationId,
            provider,
            channel,
            latencyMs: latencyMs(),
            reason: 'signature_invalid',
          })
          .catch((err: unknown) => {
            if (!isDatabaseUnreachable(err)) throw err;
            deps.logger.warn({ integrationId, provider }, 'callback rejected: signature invalid');
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
        ids: callbackIds(parsed.length, verified),
        receivedAt: null,
      };
      if (!outage.down || !spool) {
        try {
          const inserted =
            record.events.length === 1
              ? Number(await singles.add(record))
              : await webhooksRepo.store(deps.db, record);
          return { status: 200, inserted };
        } catch (err) {
          if (!isDatabaseUnreachable(err)) throw err;
          outage.markDown(err);
        }
      }
      if (!spool) {
        throw new AppError('callback_store_unavailable', undefined, { headers: RETRY_AFTER });
      }
      await toSpool(spool, { ...record, receivedAt: arrivedAt.toISOString() });
      return { status: 200, inserted: 0, spooled: true };
    },

    /**
     * Moves spooled callbacks into the database (see `createSpoolReplay`); with `adopt`, also
     * those left by server processes that are gone. Rejects while the database is unreachable.
     */
    replaySpool: replay,

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
