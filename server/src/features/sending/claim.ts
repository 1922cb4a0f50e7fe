/** Claiming due messages for sending: suppression check, rendering, rate slots, `sending`. */
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { TemplateContact } from '../contacts/index.js';
import {
  insertEvents,
  toUpdate,
  updateMessages,
  type EventInput,
  type MessageRow,
  type MessageUpdate,
} from '../message-log/index.js';
import {
  findTemplateVersionById,
  type TemplateRenderer,
  type TemplateOrg,
  type TemplateVersionContent,
} from '../templates/index.js';
import type { UnsubscribeLinks } from '../unsubscribe/index.js';
import { event, type Integration } from './outcomes.js';
import type { PipelineOptions } from './pipeline.js';
import type { rateLimiter } from './rate-limit.js';
import { sendingRepo } from './repo.js';
import type { OutboundMessage } from './senders.js';

type RenderInput = Parameters<TemplateRenderer['renderMany']>[0][number];

export interface Prepared {
  row: MessageRow;
  message: OutboundMessage;
}

export function createBatchClaimer(deps: {
  db: Db;
  limiter: Pick<ReturnType<typeof rateLimiter>, 'reserve'>;
  unsubscribeLinks: Pick<UnsubscribeLinks, 'url'>;
  renderer: Pick<TemplateRenderer, 'renderMany'>;
  options: Pick<PipelineOptions, 'batchSize' | 'leaseMs'>;
  /** Where the org's logo is served (`org.logo_url`). */
  publicUrl: string;
}) {
  const { db, limiter, options: opts } = deps;
  const versions = new Map<string, TemplateVersionContent>();

  /**
   * One transaction: claim due messages, check each against the suppression list, render the
   * pinned version, reserve send slots, and commit them `sending` before anything goes out.
   */
  function claimBatch(integration: Integration) {
    return db.transaction(async (tx) => {
      const { blockedUntil, rate } = await sendingRepo.sendLimits(tx, integration.id);
      if (blockedUntil && blockedUntil > Date.now()) return { blockedUntil } as const;
      const size = rate
        ? Math.max(1, Math.min(opts.batchSize, Math.ceil(rate / 2)))
        : opts.batchSize;
      const claimed = await sendingRepo.claimDue(tx, integration.id, size, opts.leaseMs);
      if (!claimed.length) return null;

      const ids = claimed.map((r) => r.id);
      const blocked = new Set(await sendingRepo.suppressedAmong(tx, ids));

      const toRender = claimed.filter((r) => !r.content && !blocked.has(r.id));
      const people = await sendingRepo.templateContacts(tx, integration.orgId, [
        ...new Set(toRender.map((r) => r.contactId).filter((c): c is string => !!c)),
      ]);
      const campaignIds = [...new Set(toRender.map((r) => r.campaignId).filter((c) => !!c))];
      const campaignVars = await sendingRepo.campaignVariables(tx, campaignIds as string[]);
      const org = toRender.length
        ? await sendingRepo.templateOrg(tx, integration.orgId, deps.publicUrl)
        : { name: '', logo_url: '' };
      const rendered = await renderAll(tx, toRender, people, campaignVars, org);

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
          const result = rendered.get(row.id)!;
          if (result instanceof AppError) {
            const err = result;
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
          content = result;
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
        /** The lease the claim took (ms, the database's clock): the heartbeat extends it. */
        leaseUntil: leaseUntil.getTime(),
      };
    });
  }

  /** Deterministic per message: the rendered body and a later retry's header agree. */
  const unsubscribeUrl = (row: MessageRow) =>
    deps.unsubscribeLinks.url({ orgId: row.orgId, messageId: row.id });

  /**
   * Each row's content, or the AppError its render failed with (the message then fails with it).
   * The pinned versions are read first; the batch's renders then go to the pool as one task.
   */
  async function renderAll(
    tx: Tx,
    rows: MessageRow[],
    people: Map<string, TemplateContact>,
    campaignVars: Map<string, Record<string, unknown>>,
    org: TemplateOrg,
  ): Promise<Map<string, NonNullable<MessageRow['content']> | AppError>> {
    const results = new Map<string, NonNullable<MessageRow['content']> | AppError>();
    const inputs: { row: MessageRow; input: RenderInput }[] = [];
    for (const row of rows) {
      try {
        inputs.push({ row, input: await renderInput(tx, row, people, campaignVars, org) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.set(row.id, err);
      }
    }
    const outcomes = await deps.renderer.renderMany(inputs.map((i) => i.input));
    inputs.forEach(({ row }, i) => {
      const rendered = outcomes[i]!;
      if (rendered instanceof AppError) {
        results.set(row.id, rendered);
        return;
      }
      results.set(
        row.id,
        row.channel === 'email'
          ? {
              subject: rendered.subject ?? '',
              html: rendered.body,
              ...(rendered.text !== undefined && { text: rendered.text }),
            }
          : { text: rendered.body },
      );
    });
    return results;
  }

  async function renderInput(
    tx: Tx,
    row: MessageRow,
    people: Map<string, TemplateContact>,
    campaignVars: Map<string, Record<string, unknown>>,
    org: TemplateOrg,
  ): Promise<RenderInput> {
    if (!row.templateVersionId) {
      throw new AppError('template_invalid', 'The message has neither content nor a template.');
    }
    let version = versions.get(row.templateVersionId);
    if (!version) {
      const found = await findTemplateVersionById(tx, row.orgId, row.templateVersionId);
      if (!found) throw new AppError('template_invalid', 'The pinned template version is gone.');
      version = { ...found.version, channel: found.channel };
      versions.set(row.templateVersionId, version);
    }
    const contact = (row.contactId && people.get(row.contactId)) || {
      name: '',
      attributes: {},
      identities: [],
    };
    return {
      version,
      variables: { ...(row.campaignId ? campaignVars.get(row.campaignId) : {}), ...row.variables },
      context: {
        org,
        contact,
        ...(row.channel === 'email' && { unsubscribeUrl: unsubscribeUrl(row) }),
      },
    };
  }

  return claimBatch;
}
