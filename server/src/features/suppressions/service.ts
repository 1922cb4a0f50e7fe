import type { Executor, Tx } from '../../db/client.js';
import type { Channel, SuppressionReason } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { idPageRequest, toPage, UUID_RE, type Page } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { contactsRepo, loadContact, normalizeIdentity } from '../contacts/index.js';
import { suppressionsRepo, toSuppression } from './repo.js';
import type { CreateSuppressionBody, ListSuppressionsQuery, Suppression } from './schemas.js';

export interface SendTarget {
  channel: Channel;
  contactId?: string | undefined;
  identityId?: string | undefined;
  /** The normalized address (E.164, lower-cased email, …) when there is no identity row. */
  normalized?: string | undefined;
}

export interface SendDecision {
  allowed: boolean;
  reasons: {
    suppressionId: string;
    channel: Channel | 'all';
    scope: 'value' | 'contact';
    reason: SuppressionReason;
  }[];
}

/**
 * May we send to this target on this channel? The one question every send path asks, inside its
 * tenant transaction. Blocked by a value opt-out of the address (on this channel or `all`) or by a
 * whole-contact opt-out of its contact. With only a contact, every identity of that contact on
 * the channel counts: when in doubt, do not send.
 */
export async function checkSuppression(
  tx: Executor,
  orgId: string,
  target: SendTarget,
): Promise<SendDecision> {
  const values = new Set<string>();
  const contactIds = new Set<string>();
  if (target.normalized) values.add(target.normalized);
  if (target.contactId) contactIds.add(target.contactId);
  if (target.identityId) {
    const identity = await contactsRepo.identity(tx, orgId, target.identityId);
    if (identity) {
      values.add(identity.normalized);
      contactIds.add(identity.contactId);
    }
  } else if (target.contactId && !target.normalized) {
    const identities = await contactsRepo.identitiesOf(tx, orgId, [target.contactId]);
    for (const i of identities) if (i.channel === target.channel) values.add(i.normalized);
  }
  const rows = await suppressionsRepo.matching(
    tx,
    orgId,
    target.channel,
    [...values],
    [...contactIds],
  );
  return {
    allowed: rows.length === 0,
    reasons: rows.map((r) => ({
      suppressionId: r.id,
      channel: r.channel,
      scope: r.normalized === null ? 'contact' : 'value',
      reason: r.reason,
    })),
  };
}

/**
 * An opt-in keyword (START) from this address on this channel: lifts the `stop_keyword` opt-outs
 * of exactly that address and channel. Opt-outs for any other reason (unsubscribe, bounce,
 * manual, `all` channels) stay. Each lifted entry is audited. Returns how many were lifted.
 */
export async function liftStopKeyword(
  tx: Tx,
  ctx: OrgContext,
  target: { channel: Channel; normalized: string },
): Promise<number> {
  const rows = await suppressionsRepo.deleteStopKeyword(
    tx,
    ctx.orgId,
    target.channel,
    target.normalized,
  );
  for (const row of rows) {
    await auditInOrg(tx, ctx, {
      action: 'suppression.removed',
      targetType: 'suppression',
      targetId: row.id,
      metadata: { removed: toSuppression(row), cause: 'opt_in_keyword' },
    });
  }
  return rows.length;
}

/** `all` with a bare value: an email if it has an @, else a phone number. */
const valueChannel = (channel: Channel | 'all', value: string): Channel =>
  channel !== 'all' ? channel : value.includes('@') ? 'email' : 'phone';

export function createSuppressionsService() {
  return {
    check: checkSuppression,

    /** Records an opt-out; an identical one already on the ledger is returned as is. */
    suppress(
      ctx: OrgContext,
      body: CreateSuppressionBody,
      opts: { source?: string } = {},
    ): Promise<{ suppression: Suppression; created: boolean }> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        let normalized: string | null = null;
        let contactId: string | null = null;
        let identityId: string | null = null;
        if (body.identityId) {
          const identity = await contactsRepo.identity(tx, ctx.orgId, body.identityId);
          if (!identity) throw notFound('Identity');
          if (body.channel !== 'all' && body.channel !== identity.channel) {
            throw new AppError(
              'unprocessable',
              `This identity is not a ${body.channel} identity.`,
              {
                errors: [{ path: 'channel', message: `must be ${identity.channel} or all` }],
              },
            );
          }
          ({ normalized, contactId } = identity);
          identityId = identity.id;
        } else if (body.contactId) {
          contactId = (await loadContact(tx, ctx, body.contactId)).id;
        } else {
          const channel = valueChannel(body.channel, body.value!);
          normalized = normalizeIdentity(channel, body.value!, { region: body.region }).normalized;
        }
        const { row, created } = await suppressionsRepo.insert(tx, {
          orgId: ctx.orgId,
          channel: body.channel,
          normalized,
          contactId,
          identityId,
          reason: body.reason,
          source: opts.source ?? (ctx.actor.type === 'user' ? 'ui' : ctx.actor.type),
          createdById: ctx.actor.id,
          createdByName: ctx.actor.name,
        });
        if (created) {
          await auditInOrg(tx, ctx, {
            action: 'suppression.created',
            targetType: 'suppression',
            targetId: row.id,
            metadata: { channel: row.channel, normalized, contactId, reason: row.reason },
          });
        }
        return { suppression: toSuppression(row), created };
      });
    },

    list(ctx: OrgContext, query: ListSuppressionsQuery): Promise<Page<Suppression>> {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await suppressionsRepo.list(tx, ctx.orgId, query, page);
        const result = toPage(rows, page.limit, (r) => r.id);
        return { ...result, items: result.items.map(toSuppression) };
      });
    },

    /** Lifting an opt-out is audited with the entry it removed. */
    remove(ctx: OrgContext, id: string): Promise<void> {
      requireRole(ctx, 'admin');
      if (!UUID_RE.test(id)) throw notFound('Suppression');
      return ctx.run(async (tx) => {
        const row = await suppressionsRepo.get(tx, ctx.orgId, id);
        if (!row) throw notFound('Suppression');
        await suppressionsRepo.delete(tx, ctx.orgId, id);
        await auditInOrg(tx, ctx, {
          action: 'suppression.removed',
          targetType: 'suppression',
          targetId: id,
          metadata: { removed: toSuppression(row) },
        });
      });
    },
  };
}

export type SuppressionsService = ReturnType<typeof createSuppressionsService>;
