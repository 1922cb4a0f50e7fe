import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/client.js';
import type { MessageChannel } from '../../db/schema/index.js';
import { AppError, notFound, type ErrorCode } from '../../platform/errors.js';
import { UUID_RE } from '../../platform/pagination.js';
import { requireRole, withTransaction, type OrgContext } from '../../platform/tenancy.js';
import { completeInTransaction } from '../campaigns/index.js';
import { findOrCreateByIdentity, loadTemplateContact } from '../contacts/index.js';
import { checkSuppression } from '../suppressions/index.js';
import type { IntegrationsService } from '../integrations/index.js';
import {
  checkChannel,
  checkUsable,
  channelsOf,
  identityChannelOf,
  insertEvents,
  toMessage,
  type Message,
  type MessageRow,
  type MessageStatus,
} from '../message-log/index.js';
import { findTemplate, findTemplateVersion, type TemplateRenderer } from '../templates/index.js';
import type { UnsubscribeLinks } from '../unsubscribe/index.js';
import { sendingRepo } from './repo.js';
import type { ReviewBody, SendMessageBody } from './schemas.js';

export interface SendDeps {
  integrations: Pick<IntegrationsService, 'resolve'>;
  wake(tx: Tx, orgId: string, integrationId: string): Promise<void>;
  unsubscribeLinks: Pick<UnsubscribeLinks, 'url'>;
  /** The bounded template pool: a busy pool answers `render_busy` (429). */
  renderer: Pick<TemplateRenderer, 'render'>;
  /** Where the org's logo is served (`org.logo_url`). */
  publicUrl: string;
}

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation_failed', detail, { errors: [{ path, message }] });

/** The message channel of a bare address's identity channel. */
const messageChannelOf = (identity: string): MessageChannel | undefined =>
  identity === 'phone'
    ? 'sms'
    : (['email', 'whatsapp', 'telegram', 'instagram'] as const).find((c) => c === identity);

export function createSendService(deps: SendDeps) {
  async function loadForUpdate(tx: Tx, ctx: OrgContext, id: string) {
    if (!UUID_RE.test(id)) throw notFound('Message');
    const row = await sendingRepo.outboundForUpdate(tx, ctx.orgId, id);
    if (!row) throw notFound('Message');
    return row;
  }

  /** Back to the queue, with a fresh attempt budget: the dispatcher re-checks suppression. */
  async function requeue(tx: Tx, ctx: OrgContext, row: MessageRow) {
    if (row.campaignId) {
      if ((await sendingRepo.campaignStatus(tx, row.campaignId)) === 'cancelled') {
        throw new AppError(
          'message_not_retryable',
          'The campaign of this message was cancelled; it cannot be sent again.',
        );
      }
    }
    const updated = await sendingRepo.updateMessage(tx, row.id, {
      status: 'queued',
      attempts: 0,
      nextAttemptAt: new Date(),
      reasonCode: null,
      reason: null,
      providerErrorCode: null,
    });
    await deps.wake(tx, ctx.orgId, row.integrationId);
    return updated;
  }

  return {
    /**
     * A one-off message: resolves the recipient and the content, checks suppression, and queues
     * it for the integration's sender. Template content is rendered here, so a missing variable is
     * a 422 now rather than a failed message later. `idempotencyKey` makes the row unique.
     */
    async send(ctx: OrgContext, body: SendMessageBody, idempotencyKey?: string): Promise<Message> {
      requireRole(ctx, 'member');
      if (!!body.contactId === !!body.to) {
        throw invalid(
          'contactId',
          'give either contactId or to',
          'Give a contactId or a to address.',
        );
      }
      if (!!body.templateId === !!body.body) {
        throw invalid(
          'templateId',
          'give either templateId or body',
          'Give a templateId (with variables) or a body.',
        );
      }
      return ctx.run(async (tx) => {
        if (idempotencyKey) {
          const existing = await sendingRepo.byIdempotencyKey(tx, ctx.orgId, idempotencyKey);
          if (existing) return toMessage(existing);
        }
        const integration = await deps.integrations.resolve(
          withTransaction(ctx, tx),
          body.integrationId,
        );
        checkUsable(integration);
        const supported = channelsOf(integration.provider, integration.settings);

        let channel: MessageChannel;
        let template: Awaited<ReturnType<typeof findTemplate>>;
        if (body.templateId) {
          template = await findTemplate(tx, ctx.orgId, body.templateId);
          if (!template) throw notFound('Template');
          checkChannel(integration, template.channel);
          channel = template.channel;
        } else {
          const wanted = body.to?.channel ? messageChannelOf(body.to.channel) : undefined;
          channel = wanted ?? supported[0]!;
          checkChannel(integration, channel);
        }
        const identityChannel = identityChannelOf(channel);

        let contactId: string;
        let identity: { id: string; normalized: string } | undefined;
        if (body.contactId) {
          contactId = body.contactId;
          if (!(await loadTemplateContact(tx, ctx.orgId, contactId))) throw notFound('Contact');
          identity = await sendingRepo.firstIdentity(tx, ctx.orgId, contactId, identityChannel);
          if (!identity) {
            throw new AppError(
              'no_identity',
              `This contact has no ${identityChannel} identity; add one to send ${channel}.`,
              { errors: [{ path: 'contactId', message: `has no ${identityChannel} identity` }] },
            );
          }
        } else {
          if (body.to!.channel && body.to!.channel !== identityChannel) {
            throw invalid(
              'to.channel',
              `must be ${identityChannel} for a ${channel} message`,
              `A ${channel} message goes to a ${identityChannel} address.`,
            );
          }
          const match = await findOrCreateByIdentity(tx, ctx, {
            channel: identityChannel,
            value: body.to!.value,
            ...(body.to!.region && { region: body.to!.region.toUpperCase() }),
          });
          if (!match.ok) {
            throw new AppError(
              match.error.code as ErrorCode,
              `The address ${match.error.reason}.`,
              {
                errors: [{ path: 'to.value', message: match.error.reason }],
              },
            );
          }
          contactId = match.contact.id;
          identity = (await sendingRepo.identity(tx, match.identityId))!;
        }

        // Known before rendering: an email's unsubscribe link names its message.
        const messageId = uuidv7();
        let content: { subject?: string; text?: string; html?: string };
        let versionId: string | null = null;
        if (template) {
          const version = await findTemplateVersion(
            tx,
            ctx.orgId,
            template.id,
            template.latestVersion,
          );
          if (!version) throw notFound('Template version');
          versionId = version.id;
          const org = await sendingRepo.templateOrg(tx, ctx.orgId, deps.publicUrl);
          const rendered = await deps.renderer.render(
            ctx.orgId,
            { ...version, channel: template.channel },
            body.variables ?? {},
            {
              org,
              contact: (await loadTemplateContact(tx, ctx.orgId, contactId))!,
              ...(channel === 'email' && {
                unsubscribeUrl: deps.unsubscribeLinks.url({ orgId: ctx.orgId, messageId }),
              }),
            },
          );
          content =
            channel === 'email'
              ? {
                  subject: rendered.subject ?? '',
                  html: rendered.body,
                  ...(rendered.text !== undefined && { text: rendered.text }),
                }
              : { text: rendered.body };
        } else {
          const b = body.body!;
          if (channel === 'email' && !b.subject) {
            throw invalid('body.subject', 'is required for email', 'An email needs a subject.');
          }
          content = {
            ...(channel === 'email' && { subject: b.subject }),
            text: b.text,
            ...(channel === 'email' && b.html !== undefined && { html: b.html }),
          };
        }

        const decision = await checkSuppression(tx, ctx.orgId, {
          channel: identityChannel,
          contactId,
          identityId: identity.id,
        });
        const status: MessageStatus = decision.allowed ? 'queued' : 'suppressed';
        const row = await sendingRepo.insertMessage(tx, {
          id: messageId,
          orgId: ctx.orgId,
          direction: 'outbound',
          channel,
          integrationId: integration.id,
          contactId,
          identityId: identity.id,
          address: identity.normalized,
          templateId: template?.id ?? null,
          templateVersionId: versionId,
          variables: body.variables ?? null,
          content,
          status,
          reasonCode: decision.allowed ? null : 'suppressed',
          reason: decision.allowed ? null : 'The recipient opted out (suppression list).',
          nextAttemptAt: decision.allowed ? new Date() : null,
          idempotencyKey: idempotencyKey ?? null,
          createdBy: ctx.userId ?? null,
        });
        await insertEvents(tx, [
          {
            orgId: ctx.orgId,
            messageId: row.id,
            kind: 'status',
            status,
            source: 'pipeline',
            detail: {
              by: ctx.actor.name,
              ...(!decision.allowed && { suppression: decision.reasons.map((r) => r.reason) }),
            },
          },
        ]);
        if (decision.allowed) await deps.wake(tx, ctx.orgId, integration.id);
        return toMessage(row);
      });
    },

    /** A dead letter (failed or needs_review) goes out again, for real. */
    retry(ctx: OrgContext, id: string): Promise<Message> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await loadForUpdate(tx, ctx, id);
        if (row.status !== 'failed' && row.status !== 'needs_review') {
          throw new AppError(
            'message_not_retryable',
            `Only failed messages and messages needing review can be retried; this one is ${row.status}.`,
            { extra: { messageStatus: row.status } },
          );
        }
        const updated = await requeue(tx, ctx, row);
        await insertEvents(tx, [
          {
            orgId: ctx.orgId,
            messageId: row.id,
            kind: 'action',
            status: 'queued',
            source: 'user',
            detail: { action: 'retry', by: ctx.actor.name, previous: row.status },
          },
        ]);
        return toMessage(updated);
      });
    },

    /** The decision on a message we could not reconcile with its provider. */
    review(ctx: OrgContext, id: string, body: ReviewBody): Promise<Message> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const row = await loadForUpdate(tx, ctx, id);
        if (row.status !== 'needs_review') {
          throw new AppError(
            'message_not_retryable',
            `Only messages needing review can be reviewed; this one is ${row.status}.`,
            { extra: { messageStatus: row.status } },
          );
        }
        let updated: MessageRow;
        if (body.action === 'resend') {
          updated = await requeue(tx, ctx, row);
        } else {
          const status = body.action === 'mark_sent' ? 'sent' : 'cancelled';
          updated = await sendingRepo.updateMessage(tx, row.id, {
            status,
            nextAttemptAt: null,
            ...(status === 'sent' && { sentAt: row.sentAt ?? new Date() }),
            reasonCode: status === 'cancelled' ? 'cancelled_on_review' : row.reasonCode,
            reason:
              status === 'cancelled'
                ? 'Cancelled after review; it was not sent again.'
                : row.reason,
          });
          if (row.campaignId) await completeInTransaction(tx, [row.campaignId]);
        }
        await insertEvents(tx, [
          {
            orgId: ctx.orgId,
            messageId: row.id,
            kind: 'action',
            status: updated.status as MessageStatus,
            source: 'user',
            detail: {
              action: body.action,
              by: ctx.actor.name,
              ...(body.comment && { comment: body.comment }),
            },
          },
        ]);
        return toMessage(updated);
      });
    },
  };
}

export type SendService = ReturnType<typeof createSendService>;
