import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import {
  campaigns,
  contactIdentities,
  contacts,
  messages,
  organizations,
} from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { createOrgContext } from '../../platform/tenancy.js';
import type { Outcome, SendResult } from '../../providers/types.js';
import type { TemplateContact } from '../contacts/index.js';
import type { IntegrationsService } from '../integrations/service.js';
import { renderForSend, type TemplateVersionContent } from '../templates/render.js';
import { templatesRepo } from '../templates/repo.js';
import type { UnsubscribeLinks } from '../unsubscribe/token.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './backoff.js';
import { campaignCompleted } from './events.js';
import { rateLimiter } from './rate-limit.js';
import {
  completeFinishedCampaigns,
  insertEvents,
  toUpdate,
  updateMessages,
  uuidArray,
  type EventInput,
  type MessageRow,
  type MessageUpdate,
} from './repo.js';
import {
  FAILURE_REASONS,
  senderFor,
  type OutboundMessage,
  type ProviderSender,
} from './senders.js';

export interface PipelineOptions {
  /** Most messages claimed at once (fewer under a low rate: about half a second's worth). */
  batchSize: number;
  /** Provider calls in flight per dispatcher. */
  concurrency: number;
  /** A claimed message still `sending` this long after its slot is stale (a crashed worker). */
  leaseMs: number;
  /** A dispatch job hands over to a fresh one after this long. */
  runBudgetMs: number;
  /** Work due within this long is waited for in the same run instead of a new job. */
  waitMs: number;
  /** Lookups of an ambiguous send that may fail before the message goes to review. */
  lookupAttempts: number;
  retry: RetryPolicy;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  batchSize: 200,
  concurrency: 32,
  leaseMs: 120_000,
  runBudgetMs: 30_000,
  waitMs: 3_000,
  lookupAttempts: 5,
  retry: DEFAULT_RETRY_POLICY,
};

export interface SendPipeline {
  /** Sends what is due for one integration; returns when to run again if work is waiting. */
  dispatch(target: { orgId: string; integrationId: string }): Promise<Date | undefined>;
  /** Starts due scheduled campaigns, completes finished ones; integrations with due work. */
  sweep(): Promise<{ orgId: string; integrationId: string }[]>;
}

export interface PipelineDeps {
  db: Db;
  integrations: Pick<IntegrationsService, 'resolve' | 'recordOutboundMany'>;
  publicUrl: string;
  /** Every email carries its own unsubscribe link (body and `List-Unsubscribe`). */
  unsubscribeLinks: Pick<UnsubscribeLinks, 'url'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  options?: Partial<PipelineOptions> | undefined;
}

type Integration = Awaited<ReturnType<IntegrationsService['resolve']>>;

interface Prepared {
  row: MessageRow;
  message: OutboundMessage;
}

type SendOutcome = Outcome<SendResult> | { deferred: true };

const RECONCILE_EVERY_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const event = (
  row: MessageRow,
  kind: EventInput['kind'],
  status: EventInput['status'],
  detail: Record<string, unknown> = {},
): EventInput => ({
  orgId: row.orgId,
  messageId: row.id,
  kind,
  status,
  source: 'pipeline',
  detail,
});

/**
 * The sending pipeline. Per integration, a dispatcher claims due messages in batches
 * (`for update skip locked`, so several dispatchers share the work), marks them `sending` with
 * the attempt counted and commits BEFORE any provider call, then sends them with bounded
 * concurrency at the integration's rate and writes the outcomes in one transaction per batch.
 * A message left `sending` (an ambiguous answer, or a worker that died mid-batch) is never sent
 * again blindly: it is looked up at the provider first, or goes to `needs_review`.
 */
export function createSendPipeline(deps: PipelineDeps): SendPipeline {
  const opts = { ...DEFAULT_PIPELINE_OPTIONS, ...deps.options };
  const { db } = deps;
  const limiter = rateLimiter(db);
  const versions = new Map<string, TemplateVersionContent>();

  const systemContext = (orgId: string) =>
    createOrgContext(db, {
      orgId,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'Sending pipeline' },
      userId: undefined,
      meta: { ip: null, userAgent: null, requestId: 'messaging.dispatch' },
    });

  /** After a failed attempt: back to the queue with backoff, or failed when out of attempts. */
  function retryOrFail(
    row: MessageRow,
    attempts: number,
    failure: { class: string; providerCode?: string | undefined },
    retryAfterMs?: number,
  ): MessageUpdate {
    const delay = retryDelayMs(attempts, { policy: opts.retry, retryAfterMs });
    const base = { ...toUpdate(row), attempts, providerErrorCode: failure.providerCode ?? null };
    if (delay === null) {
      return {
        ...base,
        status: 'failed',
        reasonCode: 'retries_exhausted',
        reason: `${FAILURE_REASONS[failure.class] ?? 'Sending failed.'} Gave up after ${attempts} attempts.`,
        nextAttemptAt: null,
      };
    }
    return {
      ...base,
      status: 'queued',
      reasonCode: `retry_${failure.class}`,
      reason: FAILURE_REASONS[failure.class] ?? null,
      nextAttemptAt: new Date(Date.now() + delay),
    };
  }

  /**
   * After the outcomes committed, in a transaction of its own: two dispatchers finishing the last
   * two batches at once each see the other's rows uncommitted inside their own transactions, but
   * the later of these checks sees both.
   */
  async function completeCampaigns(rows: Pick<MessageRow, 'campaignId'>[]) {
    const ids = [...new Set(rows.map((r) => r.campaignId).filter((c): c is string => !!c))];
    if (!ids.length) return;
    await db.transaction(async (tx) => {
      for (const done of await completeFinishedCampaigns(tx, ids)) {
        await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
      }
    });
  }

  /** The integration's running campaigns that have nothing left to send. */
  async function completeRunning(integrationId: string) {
    const running = await queryRows<{ id: string }>(
      db,
      sql`select id from campaigns where integration_id = ${integrationId} and status = 'running'`,
    );
    if (running.length) await completeCampaigns(running.map((r) => ({ campaignId: r.id })));
  }

  async function templateContacts(tx: Tx, orgId: string, ids: string[]) {
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
  }

  /**
   * One transaction: claim due messages, check each against the suppression list, render the
   * pinned version, reserve send slots, and commit them `sending` before anything goes out.
   */
  function claimBatch(integration: Integration) {
    return db.transaction(async (tx) => {
      // The 429 block and the strictest running campaign's rate, in one round trip.
      const [limit] = await queryRows<{ rate: number | null; blocked: number | string | null }>(
        tx,
        sql`select (select min(rate_limit_per_second)::int from campaigns
                    where integration_id = ${integration.id} and status = 'running') as rate,
                   (select extract(epoch from blocked_until) * 1000 from send_rate_limits
                    where integration_id = ${integration.id}) as blocked`,
      );
      const blockedUntil = limit?.blocked == null ? null : Number(limit.blocked);
      if (blockedUntil && blockedUntil > Date.now()) return { blockedUntil } as const;
      const rate = limit?.rate ? Number(limit.rate) : null;
      const size = rate
        ? Math.max(1, Math.min(opts.batchSize, Math.ceil(rate / 2)))
        : opts.batchSize;
      const claimed = await tx
        .update(messages)
        .set({
          status: 'sending',
          attempts: sql`${messages.attempts} + 1`,
          nextAttemptAt: sql`now() + ${`${opts.leaseMs} milliseconds`}::interval`,
        })
        .where(
          sql`${messages.id} in (
            select m.id from messages m left join campaigns c on c.id = m.campaign_id
            where m.integration_id = ${integration.id} and m.status = 'queued'
              and m.next_attempt_at <= now()
              and (m.campaign_id is null or c.status in ('running', 'completed'))
            order by m.next_attempt_at, m.id
            limit ${size}
            for update of m skip locked)`,
        )
        .returning();
      if (!claimed.length) return null;

      const ids = claimed.map((r) => r.id);
      const blocked = new Set(
        (
          await queryRows<{ id: string }>(
            tx,
            sql`select m.id from messages m where m.id = any(${uuidArray(ids)}::uuid[])
                and exists (select 1 from suppressions s
                  where s.org_id = m.org_id
                    and s.channel in (case when m.channel = 'sms' then 'phone' else m.channel end, 'all')
                    and (s.normalized = m.address
                         or (s.normalized is null and s.contact_id = m.contact_id)))`,
          )
        ).map((r) => r.id),
      );

      const toRender = claimed.filter((r) => !r.content && !blocked.has(r.id));
      const people = await templateContacts(tx, integration.orgId, [
        ...new Set(toRender.map((r) => r.contactId).filter((c): c is string => !!c)),
      ]);
      const campaignIds = [...new Set(toRender.map((r) => r.campaignId).filter((c) => !!c))];
      const campaignVars = new Map(
        campaignIds.length
          ? (
              await tx
                .select({ id: campaigns.id, variables: campaigns.variables })
                .from(campaigns)
                .where(inArray(campaigns.id, campaignIds as string[]))
            ).map((c) => [c.id, c.variables])
          : [],
      );
      let orgName: string | undefined;
      if (toRender.length) {
        const [org] = await tx
          .select({ name: organizations.name })
          .from(organizations)
          .where(eq(organizations.id, integration.orgId));
        orgName = org?.name ?? '';
      }

      const updates: MessageUpdate[] = [];
      const events: EventInput[] = [];
      const ready: { row: MessageRow; content: NonNullable<MessageRow['content']> }[] = [];
      for (const row of claimed) {
        if (blocked.has(row.id)) {
          updates.push({
            ...toUpdate(row),
            attempts: row.attempts - 1,
            status: 'suppressed',
            reasonCode: 'suppressed',
            reason: 'The recipient opted out (suppression list) before this message was sent.',
            nextAttemptAt: null,
          });
          events.push(event(row, 'status', 'suppressed', { reasonCode: 'suppressed' }));
          continue;
        }
        let content = row.content;
        if (!content) {
          try {
            content = await render(tx, row, people, campaignVars, orgName ?? '');
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            updates.push({
              ...toUpdate(row),
              attempts: row.attempts - 1,
              status: 'failed',
              reasonCode: err.code,
              reason: err.message,
              nextAttemptAt: null,
            });
            events.push(event(row, 'status', 'failed', { reasonCode: err.code }));
            continue;
          }
        }
        ready.push({ row, content });
      }

      const slots = await limiter.reserve(tx, integration, ready.length, rate);
      const leaseUntil = new Date(slots.startAt + ready.length * slots.intervalMs + opts.leaseMs);
      for (const { row, content } of ready) {
        updates.push({ ...toUpdate(row), content, nextAttemptAt: leaseUntil });
        events.push(event(row, 'attempt', 'sending', { attempt: row.attempts }));
      }
      await updateMessages(tx, updates);
      await insertEvents(tx, events);
      const now = new Date();
      return {
        finished: ready.length < claimed.length ? claimed : [],
        /** Fewer than asked for: the queue may be empty now, so completion is worth checking. */
        last: claimed.length < size,
        sends: ready.map(({ row, content }): Prepared => ({
          row: { ...row, content },
          message: {
            id: row.id,
            channel: row.channel,
            address: row.address ?? '',
            content,
            ...(row.channel === 'email' && { unsubscribeUrl: unsubscribeUrl(row) }),
            attemptStartedAt: now,
          },
        })),
        startAt: slots.startAt,
        intervalMs: slots.intervalMs,
      };
    });
  }

  /** Deterministic per message: the rendered body and a later retry's header agree. */
  const unsubscribeUrl = (row: MessageRow) =>
    deps.unsubscribeLinks.url({ orgId: row.orgId, messageId: row.id });

  async function render(
    tx: Tx,
    row: MessageRow,
    people: Map<string, TemplateContact>,
    campaignVars: Map<string, Record<string, unknown>>,
    orgName: string,
  ): Promise<NonNullable<MessageRow['content']>> {
    if (!row.templateVersionId) {
      throw new AppError('template_invalid', 'The message has neither content nor a template.');
    }
    let version = versions.get(row.templateVersionId);
    if (!version) {
      const found = await templatesRepo.versionById(tx, row.orgId, row.templateVersionId);
      if (!found) throw new AppError('template_invalid', 'The pinned template version is gone.');
      version = { ...found.version, channel: found.channel };
      versions.set(row.templateVersionId, version);
    }
    const contact = (row.contactId && people.get(row.contactId)) || {
      name: '',
      attributes: {},
      identities: [],
    };
    const rendered = renderForSend(
      version,
      { ...(row.campaignId ? campaignVars.get(row.campaignId) : {}), ...row.variables },
      {
        org: { name: orgName },
        contact,
        ...(row.channel === 'email' && { unsubscribeUrl: unsubscribeUrl(row) }),
      },
    );
    return row.channel === 'email'
      ? {
          subject: rendered.subject ?? '',
          html: rendered.body,
          ...(rendered.text !== undefined && { text: rendered.text }),
        }
      : { text: rendered.body };
  }

  /** Sends a claimed batch: each at its slot, bounded concurrency, stopping at a 429. */
  async function sendBatch(
    sender: ProviderSender,
    batch: { sends: Prepared[]; startAt: number; intervalMs: number },
    gate: { blockedUntil: number },
  ): Promise<SendOutcome[]> {
    const results: SendOutcome[] = new Array(batch.sends.length);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= batch.sends.length) return;
        const slot = batch.startAt + i * batch.intervalMs;
        if (slot > Date.now()) await sleep(slot - Date.now());
        if (Date.now() < gate.blockedUntil) {
          results[i] = { deferred: true };
          continue;
        }
        const outcome = await sender.send(batch.sends[i]!.message);
        if (!outcome.ok && outcome.error.kind === 'rate_limited') {
          gate.blockedUntil = Math.max(
            gate.blockedUntil,
            Date.now() + (outcome.error.retryAfterSeconds ?? 1) * 1000,
          );
        }
        results[i] = outcome;
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(opts.concurrency, batch.sends.length) }, worker),
    );
    return results;
  }

  /** The outcomes of a batch, in one transaction. */
  async function writeResults(
    integration: Integration,
    sender: ProviderSender,
    sends: Prepared[],
    results: SendOutcome[],
    last: boolean,
  ) {
    const updates: MessageUpdate[] = [];
    const events: EventInput[] = [];
    const calls: Parameters<IntegrationsService['recordOutboundMany']>[2] = [];
    let blockedUntil: number | undefined;
    sends.forEach(({ row }, i) => {
      const result = results[i]!;
      if ('deferred' in result) {
        updates.push({
          ...toUpdate(row),
          status: 'queued',
          attempts: row.attempts - 1,
          nextAttemptAt: new Date(blockedUntil ?? Date.now() + 1000),
        });
        events.push(event(row, 'attempt', 'queued', { outcome: 'deferred' }));
        return;
      }
      calls.push({ kind: 'send', outcome: result, channel: row.channel });
      if (result.ok) {
        updates.push({
          ...toUpdate(row),
          status: 'sent',
          reasonCode: null,
          reason: null,
          providerMessageId: result.value.providerMessageId,
          providerErrorCode: null,
          nextAttemptAt: null,
          sentAt: new Date(),
        });
        events.push(
          event(row, 'status', 'sent', {
            providerMessageId: result.value.providerMessageId,
            latencyMs: result.latencyMs,
          }),
        );
        return;
      }
      const failure = result.error;
      const detail = {
        outcome: failure.kind,
        class: failure.class,
        ...(failure.status && { httpStatus: failure.status }),
        ...(failure.providerCode && { providerCode: failure.providerCode }),
      };
      if (failure.kind === 'rate_limited') {
        const until = Date.now() + (failure.retryAfterSeconds ?? 1) * 1000;
        blockedUntil = Math.max(blockedUntil ?? 0, until);
        updates.push({
          ...toUpdate(row),
          status: 'queued',
          attempts: row.attempts - 1,
          reasonCode: 'rate_limited',
          reason: 'The provider asked to slow down; sending again after its Retry-After.',
          nextAttemptAt: new Date(until),
        });
        events.push(
          event(row, 'attempt', 'queued', {
            ...detail,
            retryAfterSeconds: failure.retryAfterSeconds,
          }),
        );
      } else if (failure.kind === 'ambiguous') {
        updates.push({
          ...toUpdate(row),
          status: 'sending',
          reasonCode: 'unconfirmed',
          reason:
            'The provider may have accepted this message; checking with it before any resend.',
          providerErrorCode: failure.providerCode ?? null,
          nextAttemptAt: new Date(Date.now() + sender.lookupLagMs),
        });
        events.push(event(row, 'attempt', 'sending', detail));
      } else if (failure.kind === 'permanent') {
        updates.push({
          ...toUpdate(row),
          status: 'failed',
          reasonCode: failure.class,
          reason: FAILURE_REASONS[failure.class] ?? 'The provider refused the message.',
          providerErrorCode: failure.providerCode ?? null,
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'failed', detail));
      } else {
        const update = retryOrFail(row, row.attempts, failure);
        updates.push(update);
        events.push(
          event(row, update.status === 'failed' ? 'status' : 'attempt', update.status, detail),
        );
      }
    });
    await db.transaction(async (tx) => {
      await updateMessages(tx, updates);
      await insertEvents(tx, events);
      await deps.integrations.recordOutboundMany(tx, integration, calls);
      if (blockedUntil) await limiter.block(tx, integration, new Date(blockedUntil));
    });
    // A full batch is followed by another claim: completion is checked after the short one (or
    // when a claim finds nothing).
    if (last || results.some((r) => !('ok' in r) || !r.ok)) {
      await completeCampaigns(sends.map((s) => s.row));
    }
  }

  /**
   * Messages left `sending` past their lease or lookup time: an ambiguous answer or a crashed
   * worker. Asked at the provider by our reference; never re-sent without an answer.
   */
  async function reconcile(integration: Integration, sender: ProviderSender) {
    const stale = await db
      .update(messages)
      .set({ nextAttemptAt: sql`now() + ${`${opts.leaseMs} milliseconds`}::interval` })
      .where(
        sql`${messages.id} in (
          select m.id from messages m
          where m.integration_id = ${integration.id} and m.status = 'sending'
            and m.next_attempt_at <= now()
          order by m.next_attempt_at, m.id limit 50
          for update of m skip locked)`,
      )
      .returning();
    if (!stale.length) return 0;
    const updates: MessageUpdate[] = [];
    const events: EventInput[] = [];
    const calls: Parameters<IntegrationsService['recordOutboundMany']>[2] = [];
    for (const row of stale) {
      if (!sender.lookup) {
        updates.push({
          ...toUpdate(row),
          status: 'needs_review',
          reasonCode: 'unconfirmed',
          reason:
            'The provider may or may not have accepted this message and offers no way to check. ' +
            'Look at the conversation, then resend, mark it sent, or cancel it.',
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'needs_review', { reconcile: 'no_lookup' }));
        continue;
      }
      const message: OutboundMessage = {
        id: row.id,
        channel: row.channel,
        address: row.address ?? '',
        content: row.content ?? {},
        attemptStartedAt: new Date(row.updatedAt.getTime() - opts.leaseMs),
      };
      const result = await sender.lookup(message);
      calls.push({ kind: 'status_fetch', outcome: result, channel: row.channel });
      // A match that is already another message of ours (the same text sent twice) says nothing
      // about this one.
      const taken =
        result.ok && result.value.found
          ? await db
              .select({ id: messages.id })
              .from(messages)
              .where(
                and(
                  eq(messages.integrationId, integration.id),
                  eq(messages.providerMessageId, result.value.providerMessageId),
                ),
              )
          : [];
      if (taken.length) {
        updates.push({
          ...toUpdate(row),
          status: 'needs_review',
          reasonCode: 'unconfirmed',
          reason:
            'The provider shows a message like this one that Switchboard cannot tell apart from ' +
            'another. Check at the provider, then resend, mark it sent, or cancel it.',
          nextAttemptAt: null,
        });
        events.push(event(row, 'status', 'needs_review', { reconcile: 'ambiguous_match' }));
      } else if (result.ok && result.value.found) {
        updates.push({
          ...toUpdate(row),
          status: 'sent',
          reasonCode: null,
          reason: null,
          providerMessageId: result.value.providerMessageId,
          nextAttemptAt: null,
          sentAt: row.sentAt ?? new Date(),
        });
        events.push(
          event(row, 'status', 'sent', {
            reconcile: 'found',
            providerMessageId: result.value.providerMessageId,
          }),
        );
      } else if (result.ok) {
        // The provider has no such message: the attempt did not go out, sending again is safe.
        const update = retryOrFail(row, row.attempts, { class: 'unavailable' });
        updates.push(update);
        events.push(event(row, 'attempt', update.status, { reconcile: 'not_found' }));
      } else {
        const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from message_events
              where message_id = ${row.id} and detail->>'reconcile' = 'lookup_failed'`,
        );
        if (Number(n) + 1 >= opts.lookupAttempts || result.error.kind === 'permanent') {
          updates.push({
            ...toUpdate(row),
            status: 'needs_review',
            reasonCode: 'unconfirmed',
            reason:
              'Switchboard could not find out from the provider whether this message went out. ' +
              'Check at the provider, then resend, mark it sent, or cancel it.',
            nextAttemptAt: null,
          });
          events.push(event(row, 'status', 'needs_review', { reconcile: 'lookup_failed' }));
        } else {
          const delay = retryDelayMs(Number(n) + 1, { policy: opts.retry }) ?? opts.leaseMs;
          updates.push({ ...toUpdate(row), nextAttemptAt: new Date(Date.now() + delay) });
          events.push(
            event(row, 'attempt', 'sending', {
              reconcile: 'lookup_failed',
              class: result.error.class,
            }),
          );
        }
      }
    }
    await db.transaction(async (tx) => {
      await updateMessages(tx, updates);
      await insertEvents(tx, events);
      await deps.integrations.recordOutboundMany(tx, integration, calls);
    });
    await completeCampaigns(stale);
    return stale.length;
  }

  /** When this integration next has work: the earliest queued or sending message's time. */
  async function nextDue(integration: Integration): Promise<number | undefined> {
    const [row] = await queryRows<{ at: string | Date | null }>(
      db,
      sql`select min(m.next_attempt_at) as at from messages m
          left join campaigns c on c.id = m.campaign_id
          where m.integration_id = ${integration.id} and m.status in ('queued', 'sending')
            and (m.status = 'sending' or m.campaign_id is null or c.status in ('running', 'completed'))`,
    );
    if (!row?.at) return undefined;
    const state = await limiter.state(db, integration.id);
    return Math.max(new Date(row.at).getTime(), state.blockedUntil ?? 0);
  }

  return {
    async dispatch({ orgId, integrationId }) {
      const started = Date.now();
      let integration: Integration;
      try {
        integration = await deps.integrations.resolve(systemContext(orgId), integrationId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') return undefined;
        throw err;
      }
      if (integration.status === 'disabled') return undefined;
      const sender = senderFor(integration, deps.publicUrl);
      const gate = { blockedUntil: 0 };
      // Two batches overlap: the next is claimed (and its rate slots reserved right behind the
      // current ones) while the current one is sending, so the provider never idles between them.
      let inflight: Promise<void> | undefined;
      let reconciledAt = 0;
      const settle = async () => {
        const pending = inflight;
        inflight = undefined;
        await pending;
      };
      try {
        for (;;) {
          if (Date.now() - started > opts.runBudgetMs) {
            await settle();
            return new Date();
          }
          if (gate.blockedUntil > Date.now()) await settle();
          // Stale and ambiguous sends: looked for at the start and every few seconds after.
          if (Date.now() - reconciledAt > RECONCILE_EVERY_MS) {
            reconciledAt = Date.now();
            await reconcile(integration, sender);
          }
          const batch = await claimBatch(integration);
          if (batch && batch.sends) {
            await completeCampaigns(batch.finished);
            if (batch.sends.length) {
              const previous = inflight;
              inflight = (async () => {
                const results = await sendBatch(sender, batch, gate);
                await previous;
                await writeResults(integration, sender, batch.sends, results, batch.last);
              })();
              await previous;
            }
            continue;
          }
          await settle();
          await completeRunning(integration.id);
          if (await reconcile(integration, sender)) continue;
          reconciledAt = Date.now();
          const due = batch?.blockedUntil ?? (await nextDue(integration));
          if (due === undefined) return undefined;
          if (due - Date.now() > opts.waitMs) return new Date(due);
          await sleep(due - Date.now() + 5);
        }
      } finally {
        await inflight?.catch(() => {});
      }
    },

    async sweep() {
      const woken = new Map<string, { orgId: string; integrationId: string }>();
      await db.transaction(async (tx) => {
        const started = await queryRows<{ id: string; orgId: string; integrationId: string }>(
          tx,
          sql`update campaigns set status = 'running', updated_at = now()
              where status = 'scheduled' and scheduled_at <= now()
              returning id, org_id as "orgId", integration_id as "integrationId"`,
        );
        for (const c of started) {
          woken.set(c.integrationId, { orgId: c.orgId, integrationId: c.integrationId });
        }
        const running = await queryRows<{ id: string }>(
          tx,
          sql`select id from campaigns where status = 'running'`,
        );
        for (const done of await completeFinishedCampaigns(
          tx,
          running.map((r) => r.id),
        )) {
          await emitEvent(tx, campaignCompleted, done.orgId, { campaignId: done.id });
        }
      });
      const due = await queryRows<{ orgId: string; integrationId: string }>(
        db,
        sql`select distinct m.org_id as "orgId", m.integration_id as "integrationId"
            from messages m left join campaigns c on c.id = m.campaign_id
            where m.status in ('queued', 'sending') and m.next_attempt_at <= now()
              and (m.status = 'sending' or m.campaign_id is null
                   or c.status in ('running', 'completed'))`,
      );
      for (const d of due) {
        woken.set(d.integrationId, { orgId: d.orgId, integrationId: d.integrationId });
      }
      return [...woken.values()];
    },
  };
}

export type { Integration as ResolvedSendIntegration };
