import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Executor, Tx } from '../../db/client.js';
import type { IntegrationProvider, SuppressionReason } from '../../db/schema/index.js';
import { UUID_RE } from '../../platform/pagination.js';
import { systemContext } from '../../platform/system-context.js';
import type { SuppressionsService } from '../suppressions/index.js';
import {
  advance,
  contactChannel,
  reportedStatus,
  type MessageStatus,
  type ProviderStatus,
} from '../message-log/index.js';
import { providerOf } from '../../providers/registry.js';
import type { CallbackEvent, CallbackOutcome } from '../webhooks/index.js';
import { receiveInbound } from './inbound.js';
import {
  BLOCKED,
  failureReason,
  HARD_BOUNCE,
  isOptedOutCode,
  type FailureReason,
} from './reasons.js';
import { callbacksRepo, type MessageRow } from './repo.js';

/**
 * The custom argument carrying our message id on SendGrid sends (`custom_args`); SendGrid echoes
 * it as a top-level field of every event, so an event finds its message even before the send
 * result (the provider's id) is committed.
 */
export const OUR_MESSAGE_ID_ARG = 'sb_message_id';

export type StoredEvent = NonNullable<CallbackEvent['event']>;

export interface CallbackProcessorDeps {
  suppressions: Pick<SuppressionsService, 'suppress'>;
  logger: Pick<Logger, 'warn'>;
}

const payloadOf = (e: StoredEvent) =>
  e.payload && typeof e.payload === 'object' ? (e.payload as Record<string, unknown>) : {};

function ourMessageId(e: StoredEvent): string | undefined {
  const v = payloadOf(e)[OUR_MESSAGE_ID_ARG];
  return typeof v === 'string' && UUID_RE.test(v) ? v : undefined;
}

/** SendGrid reports soft "blocked" bounces as `bounce` events with `type: blocked`. */
const isSoftBounce = (e: StoredEvent) => e.type === 'bounced' && payloadOf(e).type === 'blocked';

interface Report {
  status: ProviderStatus | undefined;
  failure: FailureReason | undefined;
}

function reportOf(provider: IntegrationProvider, e: StoredEvent): Report {
  if (isSoftBounce(e)) return { status: 'failed', failure: BLOCKED };
  const status = reportedStatus(e.type);
  if (status === 'bounced') return { status, failure: HARD_BOUNCE };
  if (status === 'failed') return { status, failure: failureReason(provider, e.errorCode) };
  return { status, failure: undefined };
}

/** What an event says about the recipient's consent, if anything. */
export function suppressionOf(e: StoredEvent): SuppressionReason | undefined {
  if (e.type === 'bounced' && !isSoftBounce(e)) return 'hard_bounce';
  if (e.type === 'spam_report') return 'spam_report';
  if (e.type === 'unsubscribed') return 'unsubscribe';
  if (e.type === 'failed' && isOptedOutCode(e.errorCode)) return 'stop_keyword';
  return undefined;
}

const NOT_YET_SENT = new Set<MessageStatus>(['queued', 'sending', 'needs_review']);

const byTime = (a: StoredEvent, b: StoredEvent) =>
  a.occurredAt < b.occurredAt
    ? -1
    : a.occurredAt > b.occurredAt
      ? 1
      : a.providerEventId < b.providerEventId
        ? -1
        : 1;

/**
 * Applies provider reports (callbacks and polled statuses) to messages: the status moves forward
 * by rank, every report is recorded in the message's history, the first delivery sets
 * `deliveredAt` and records the sent → delivered latency, consent reports add suppressions.
 */
export function createStatusUpdater(deps: CallbackProcessorDeps) {
  async function suppress(
    tx: Executor,
    orgId: string,
    channel: string,
    reason: SuppressionReason,
    target: { identityId: string | null; address: string | null },
  ) {
    const ctx = systemContext(tx, orgId, 'Provider callback');
    const body = target.identityId
      ? { channel: contactChannel(channel), identityId: target.identityId, reason }
      : target.address
        ? { channel: contactChannel(channel), value: target.address, reason }
        : undefined;
    if (!body) return;
    try {
      await deps.suppressions.suppress(ctx, body, { source: 'provider_callback' });
    } catch (err) {
      // The identity was deleted since the send, or the provider's address does not parse.
      if (target.identityId && target.address) {
        await suppress(tx, orgId, channel, reason, { identityId: null, address: target.address });
      } else deps.logger.warn({ err, orgId, channel, reason }, 'could not record a suppression');
    }
  }

  async function applyStatuses(
    tx: Executor,
    group: { orgId: string; integrationId: string; provider: IntegrationProvider },
    events: { id: string; event: StoredEvent }[],
  ): Promise<string[]> {
    const targets = await callbacksRepo.lockTargets(tx, group.orgId, group.integrationId, {
      providerMessageIds: [
        ...new Set(events.map((e) => e.event.providerMessageId).filter((v): v is string => !!v)),
      ],
      messageIds: [
        ...new Set(events.map((e) => ourMessageId(e.event)).filter((v) => !!v)),
      ] as string[],
    });
    const byId = new Map(targets.map((m) => [m.id, m]));
    const byProviderId = new Map(
      targets.filter((m) => m.providerMessageId).map((m) => [m.providerMessageId!, m]),
    );
    const perMessage = new Map<string, StoredEvent[]>();
    const deferred: string[] = [];
    for (const { id, event } of events) {
      const ours = ourMessageId(event);
      const message =
        (ours && byId.get(ours)) ||
        (event.providerMessageId ? byProviderId.get(event.providerMessageId) : undefined);
      const reason = suppressionOf(event);
      if (!message) {
        // A consent event stands on its own: the address opted out whatever we sent it.
        if (reason) {
          await suppress(tx, group.orgId, event.channel, reason, {
            identityId: null,
            address: event.recipient,
          });
        }
        // An account-wide webhook (SendGrid's) covers other senders: without our id, not ours.
        if (!providerOf(group.provider).callbacks.accountWide || ours) deferred.push(id);
        continue;
      }
      perMessage.set(message.id, [...(perMessage.get(message.id) ?? []), event]);
      if (reason) await suppress(tx, group.orgId, message.channel, reason, message);
    }
    for (const [messageId, list] of perMessage) {
      await applyToMessage(tx, group.provider, byId.get(messageId)!, list.sort(byTime));
    }
    return deferred;
  }

  async function applyToMessage(
    tx: Executor,
    provider: IntegrationProvider,
    message: MessageRow,
    events: StoredEvent[],
    source: 'callback' | 'poll' = 'callback',
  ) {
    let status = message.status as MessageStatus;
    let failure: FailureReason | undefined;
    let errorCode = message.providerErrorCode;
    let deliveredAt = message.deliveredAt;
    let sentAt = message.sentAt;
    let lastEventAt = message.lastEventAt;
    const history = [];
    for (const e of events) {
      const at = new Date(e.occurredAt);
      const report = reportOf(provider, e);
      const before = status;
      if (report.status) status = advance(status, report.status);
      if (status !== before && (status === 'failed' || status === 'bounced')) {
        failure = report.failure;
        errorCode = e.errorCode ?? errorCode;
      }
      if ((status === 'delivered' || status === 'read') && !deliveredAt) deliveredAt = at;
      // The provider had it before our send result was committed (or reconciled).
      if (status !== before && NOT_YET_SENT.has(before)) sentAt ??= at;
      if (!lastEventAt || at > lastEventAt) lastEventAt = at;
      history.push({
        id: uuidv7(),
        orgId: message.orgId,
        messageId: message.id,
        kind: source,
        status,
        source,
        detail: {
          type: e.type,
          providerEventId: e.providerEventId,
          ...(e.errorCode && { errorCode: e.errorCode }),
          ...(status !== before && { from: before }),
        },
        occurredAt: at,
      });
    }
    await callbacksRepo.insertEvents(tx, history);
    await callbacksRepo.update(tx, message.orgId, message.id, {
      status,
      lastEventAt,
      deliveredAt,
      sentAt,
      providerErrorCode: errorCode,
      ...(failure && { reasonCode: failure.code, reason: failure.text }),
      // A report arrived after all: the "no callback" flag no longer holds.
      ...(!failure &&
        message.reasonCode === NO_CALLBACK &&
        status !== message.status && { reasonCode: null, reason: null }),
      ...(!message.providerMessageId && {
        providerMessageId: events.find((e) => e.providerMessageId)?.providerMessageId ?? null,
      }),
    });
    // For monitoring: each delivery report that settles the message, once — delivered (with the
    // sent → delivered latency), failed or bounced.
    const delivery = { id: uuidv7(), orgId: message.orgId, integrationId: message.integrationId };
    const about = { provider, channel: message.channel, kind: 'delivery', messageId: message.id };
    if (deliveredAt && !message.deliveredAt && sentAt) {
      await callbacksRepo.insertProviderEvents(tx, [
        {
          ...delivery,
          ...about,
          outcome: 'delivered',
          latencyMs: Math.max(0, deliveredAt.getTime() - sentAt.getTime()),
          occurredAt: deliveredAt,
        },
      ]);
    } else if (status !== message.status && (status === 'failed' || status === 'bounced')) {
      await callbacksRepo.insertProviderEvents(tx, [
        {
          ...delivery,
          ...about,
          outcome: status,
          errorCode,
          occurredAt: lastEventAt ?? new Date(),
        },
      ]);
    }
  }

  return { suppress, applyStatuses, applyToMessage };
}

export type StatusUpdater = ReturnType<typeof createStatusUpdater>;

/** Our code for "no delivery report came and the provider cannot be asked" (polling.ts). */
export const NO_CALLBACK = 'no_callback';

/**
 * The provider-callbacks processor (the webhooks service is built with it, services.ts):
 * status events go through the status updater; inbound messages are stored on the sender's
 * conversation. A status event whose message is not known yet (its send result is not
 * committed) is deferred.
 */
export function createCallbackProcessor(deps: CallbackProcessorDeps) {
  const updater = createStatusUpdater(deps);
  return async (tx: Executor, events: CallbackEvent[]): Promise<CallbackOutcome> => {
    const groups = new Map<
      string,
      {
        orgId: string;
        integrationId: string;
        provider: IntegrationProvider;
        statuses: { id: string; event: StoredEvent }[];
        inbound: { id: string; event: StoredEvent }[];
      }
    >();
    for (const { id, orgId, integrationId, provider, event } of events) {
      if (!event) continue;
      const key = `${orgId}:${integrationId}`;
      let group = groups.get(key);
      if (!group) {
        group = { orgId, integrationId, provider, statuses: [], inbound: [] };
        groups.set(key, group);
      }
      (event.type === 'inbound' ? group.inbound : group.statuses).push({ id, event });
    }
    const defer: string[] = [];
    for (const group of groups.values()) {
      // One savepoint per integration: an event that cannot be applied (a bug, bad data) is
      // retried later and finally given up, without holding back everyone else's callbacks.
      try {
        const deferred = await (tx as Tx).transaction(async (sp) => {
          const later = group.statuses.length
            ? await updater.applyStatuses(sp, group, group.statuses)
            : [];
          for (const { event } of group.inbound.sort((a, b) => byTime(a.event, b.event))) {
            await receiveInbound(sp, deps, group, event);
          }
          return later;
        });
        defer.push(...deferred);
      } catch (err) {
        deps.logger.warn(
          { err, orgId: group.orgId, integrationId: group.integrationId },
          'could not apply callbacks; they will be retried',
        );
        defer.push(...group.statuses.map((e) => e.id), ...group.inbound.map((e) => e.id));
      }
    }
    return { defer };
  };
}
