import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.js';
import type { IntegrationProvider } from '../../db/schema/index.js';
import { createOrgContext } from '../../platform/tenancy.js';
import { allProviders, providerOf } from '../../providers/registry.js';
import type { Outcome, StatusResult } from '../../providers/types.js';
import type { IntegrationsService } from '../integrations/index.js';
import { NO_CALLBACK, suppressionOf, type StatusUpdater, type StoredEvent } from './callbacks.js';
import { callbacksRepo, type StuckMessage } from './repo.js';

export interface PollingOptions {
  /** A message still `sent` this long after sending is looked at. */
  stuckAfterMs: number;
  /** Delay before poll n + 1 is `firstDelayMs * 2^n`; after `maxAttempts` polls it is flagged. */
  firstDelayMs: number;
  maxAttempts: number;
  batchSize: number;
}

export const DEFAULT_POLLING: PollingOptions = {
  stuckAfterMs: 30 * 60_000,
  firstDelayMs: 5 * 60_000,
  maxAttempts: 6,
  batchSize: 100,
};

/** How long a claimed message is left alone while its poll is in flight. */
const LEASE_MS = 2 * 60_000;

/**
 * Providers that report no delivery at all (Telegram): `sent` is the last status their messages
 * ever have, so they are neither polled nor flagged.
 */
const NO_REPORTS: IntegrationProvider[] = allProviders()
  .filter((p) => !p.send.deliveryReports)
  .map((p) => p.name);

export interface CallbackSilence {
  integrationId: string;
  provider: IntegrationProvider;
  /** The last callback accepted for this integration (new or duplicate), if any. */
  lastCallbackAt: string | null;
  lastSentAt: string | null;
  /** Messages still `sent` past the threshold. */
  awaitingReport: number;
  /** Messages are waiting for a report and no callback came within the threshold. */
  silent: boolean;
}

export interface PollingDeps {
  db: Db;
  integrations: Pick<IntegrationsService, 'resolve' | 'recordOutbound'>;
  updater: StatusUpdater;
  logger: Pick<Logger, 'warn'>;
  options?: Partial<PollingOptions>;
}

/**
 * The fallback for callbacks that never came. A message stuck in `sent` is polled at providers
 * that have a status lookup (Twilio), with exponential backoff; the result is recorded in its
 * history (source `poll`) and applied like a callback. Where the provider cannot be asked, or the
 * polls are used up, the message is flagged `no_callback` (an event and its reason code; the
 * status stays what we know).
 */
export function createStatusPolling(deps: PollingDeps) {
  const options = { ...DEFAULT_POLLING, ...deps.options };

  /** Claims due messages by pushing their next poll past the lease (no lock held while polling). */
  async function claim(): Promise<StuckMessage[]> {
    return callbacksRepo.claimStuck(deps.db, {
      leaseMs: LEASE_MS,
      stuckAfterMs: options.stuckAfterMs,
      flagged: NO_CALLBACK,
      unpolled: NO_REPORTS,
      limit: options.batchSize,
    });
  }

  async function lookup(m: StuckMessage): Promise<Outcome<StatusResult> | undefined> {
    const statusLookup = providerOf(m.provider).send.statusLookup;
    if (!statusLookup || !m.provider_message_id) return undefined;
    const ctx = createOrgContext(deps.db, {
      orgId: m.org_id,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'Status polling' },
      userId: undefined,
      meta: { ip: null, userAgent: null, requestId: 'job:messages.poll-status' },
    });
    const i = await deps.integrations.resolve(ctx, m.integration_id).catch(() => undefined);
    if (!i || i.status === 'disabled') return undefined;
    const outcome = await statusLookup(i, m.provider_message_id);
    await deps.integrations.recordOutbound(deps.db, i, 'status_fetch', outcome, m.channel, m.id);
    return outcome;
  }

  async function flag(m: StuckMessage, why: 'no_lookup' | 'polls_exhausted') {
    await deps.db.transaction(async (tx) => {
      const [row] = await callbacksRepo.lockTargets(tx, m.org_id, m.integration_id, {
        providerMessageIds: [],
        messageIds: [m.id],
      });
      if (!row || row.status !== 'sent') return;
      await callbacksRepo.insertEvents(tx, [
        {
          id: uuidv7(),
          orgId: m.org_id,
          messageId: m.id,
          kind: NO_CALLBACK,
          status: row.status,
          source: 'poll',
          detail: { why },
        },
      ]);
      await callbacksRepo.update(tx, m.org_id, m.id, {
        reasonCode: NO_CALLBACK,
        reason:
          why === 'no_lookup'
            ? 'No delivery report arrived and this provider cannot be asked, so the final status is unknown.'
            : 'No delivery report arrived and the provider still reports the message as sent.',
        nextPollAt: null,
      });
    });
  }

  async function record(m: StuckMessage, outcome: Outcome<StatusResult>) {
    await deps.db.transaction(async (tx) => {
      const [row] = await callbacksRepo.lockTargets(tx, m.org_id, m.integration_id, {
        providerMessageIds: [],
        messageIds: [m.id],
      });
      if (!row) return;
      const attempts = row.pollAttempts + 1;
      if (outcome.ok) {
        const event: StoredEvent = {
          providerEventId: `poll:${attempts}`,
          type: outcome.value.type,
          channel: row.channel,
          providerMessageId: outcome.value.providerMessageId,
          occurredAt: new Date().toISOString(),
          recipient: row.address,
          errorCode: outcome.value.errorCode,
          payload: { providerStatus: outcome.value.providerStatus },
        };
        await deps.updater.applyToMessage(tx, m.provider, row, [event], 'poll');
        const reason = suppressionOf(event);
        if (reason) await deps.updater.suppress(tx, m.org_id, row.channel, reason, row);
      } else {
        await callbacksRepo.insertEvents(tx, [
          {
            id: uuidv7(),
            orgId: m.org_id,
            messageId: m.id,
            kind: 'poll',
            status: row.status,
            source: 'poll',
            detail: { outcome: outcome.error.kind, class: outcome.error.class },
          },
        ]);
      }
      await callbacksRepo.update(tx, m.org_id, m.id, {
        pollAttempts: attempts,
        nextPollAt: new Date(Date.now() + options.firstDelayMs * 2 ** (attempts - 1)),
      });
    });
  }

  return {
    /** The `messages.poll-status` job. Returns how many messages were polled and flagged. */
    async pollStuck(): Promise<{ polled: number; flagged: number }> {
      let polled = 0;
      let flagged = 0;
      for (const m of await claim()) {
        if (m.poll_attempts >= options.maxAttempts) {
          await flag(m, 'polls_exhausted');
          flagged++;
          continue;
        }
        const outcome = await lookup(m);
        if (!outcome) {
          await flag(m, 'no_lookup');
          flagged++;
          continue;
        }
        await record(m, outcome);
        polled++;
      }
      return { polled, flagged };
    },

    /**
     * Callback silence per integration of an org (for the alerting work): when the last callback
     * came, when the last message went out, and how many messages wait for a report.
     */
    callbackSilence: (orgId: string) =>
      callbackSilence(deps.db, { stuckAfterMs: options.stuckAfterMs }, orgId),
  };
}

export type StatusPolling = ReturnType<typeof createStatusPolling>;

/**
 * Per integration of the org: when the last callback came, when the last message went out, how
 * many messages wait for a report, and whether that adds up to "callbacks are not arriving".
 * Reads only the database, so the integrations feature can be built with it.
 */
export async function callbackSilence(
  db: Db,
  options: { stuckAfterMs: number },
  orgId: string,
): Promise<CallbackSilence[]> {
  const rows = await callbacksRepo.callbackSilence(db, orgId, options.stuckAfterMs);
  const threshold = Date.now() - options.stuckAfterMs;
  const at = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return rows.map((r) => {
    const lastCallbackAt = at(r.last_callback_at);
    const awaitingReport = Number(r.awaiting);
    return {
      integrationId: r.id,
      provider: r.provider,
      lastCallbackAt,
      lastSentAt: at(r.last_sent_at),
      awaitingReport,
      silent:
        awaitingReport > 0 &&
        !NO_REPORTS.includes(r.provider) &&
        (lastCallbackAt === null || Date.parse(lastCallbackAt) < threshold),
    };
  });
}
