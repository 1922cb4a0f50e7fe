import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import {
  createOrgContext,
  withTransaction,
  type OrgContext,
  type RequestMeta,
} from '../../platform/tenancy.js';
import { logoUrl } from '../settings/index.js';
import { checkSuppression, type SuppressionsService } from '../suppressions/index.js';
import { unsubscribeRepo } from './repo.js';
import type { UnsubscribeLinks, UnsubscribeTarget } from './token.js';

/** The `source` of suppressions added through a link (reason `unsubscribe`, as SendGrid's). */
export const UNSUBSCRIBE_SOURCE = 'unsubscribe_link';

export interface UnsubscribeState {
  orgName: string;
  /** The org's logo and brand colour (its settings), shown on the pages. */
  brand: { logoUrl: string | null; color: string | null };
  /** The address the email went to, partly hidden (the link may have been forwarded). */
  maskedAddress: string;
  unsubscribed: boolean;
}

/** `ada@example.com` → `a••@example.com`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = address.slice(0, at);
  return `${local[0]}${'•'.repeat(Math.min(Math.max(local.length - 1, 2), 6))}${address.slice(at)}`;
}

export function createUnsubscribeService(deps: {
  db: Db;
  publicUrl: string;
  links: Pick<UnsubscribeLinks, 'verify'>;
  suppressions: Pick<SuppressionsService, 'suppress'>;
}) {
  function verified(token: string): UnsubscribeTarget {
    const target = deps.links.verify(token);
    if (!target) {
      throw new AppError(
        'unsubscribe_link_invalid',
        'This unsubscribe link is not valid. Open the link exactly as it appears in the email.',
      );
    }
    return target;
  }

  /** Only the token's organization is touched: its transaction is scoped (and RLS-bound) to it. */
  const contextFor = (orgId: string, meta: RequestMeta): OrgContext =>
    createOrgContext(deps.db, {
      orgId,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'Unsubscribe link' },
      userId: undefined,
      meta,
    });

  async function sentEmail(tx: Tx, target: UnsubscribeTarget) {
    const email = await unsubscribeRepo.sentEmail(tx, target.orgId, target.messageId);
    if (!email?.address) {
      throw new AppError('not_found', 'The email this link came from no longer exists.');
    }
    return { ...email, address: email.address };
  }

  const brandOf = (orgId: string, email: Awaited<ReturnType<typeof sentEmail>>) => ({
    logoUrl: email.logo ? logoUrl(deps.publicUrl, orgId, email.logo) : null,
    color: email.brandColor,
  });

  const isUnsubscribed = async (tx: Tx, orgId: string, address: string) =>
    !(await checkSuppression(tx, orgId, { channel: 'email', normalized: address })).allowed;

  return {
    /** What the confirmation page shows. Changes nothing: mail scanners open links too. */
    state(token: string, meta: RequestMeta): Promise<UnsubscribeState> {
      const target = verified(token);
      return contextFor(target.orgId, meta).run(async (tx) => {
        const email = await sentEmail(tx, target);
        return {
          orgName: email.orgName,
          brand: brandOf(target.orgId, email),
          maskedAddress: maskAddress(email.address),
          unsubscribed: await isUnsubscribed(tx, target.orgId, email.address),
        };
      });
    },

    /**
     * Suppresses the address the email went to on the email channel, through the ledger (audited
     * there). By its identity while it exists, so the entry names the contact; by the address
     * itself once the identity or contact is gone; the message's history records it. Repeating
     * it changes nothing.
     */
    unsubscribe(
      token: string,
      meta: RequestMeta,
    ): Promise<UnsubscribeState & { created: boolean }> {
      const target = verified(token);
      const ctx = contextFor(target.orgId, meta);
      return ctx.run(async (tx) => {
        const email = await sentEmail(tx, target);
        const inTx = withTransaction(ctx, tx);
        const suppress = (body: Parameters<SuppressionsService['suppress']>[1]) =>
          deps.suppressions.suppress(inTx, body, { source: UNSUBSCRIBE_SOURCE });
        let created = false;
        let done = false;
        if (email.identityId) {
          try {
            const result = await suppress({
              channel: 'email',
              identityId: email.identityId,
              reason: 'unsubscribe',
            });
            created = result.created;
            done = result.suppression.normalized === email.address;
          } catch (err) {
            // The identity was removed (or its contact deleted) since the send.
            if (!(err instanceof AppError && err.code === 'not_found')) throw err;
          }
        }
        if (!done) {
          const result = await suppress({
            channel: 'email',
            value: email.address,
            reason: 'unsubscribe',
          });
          created ||= result.created;
        }
        if (created) {
          await unsubscribeRepo.recordUnsubscribe(tx, target.orgId, email.id, email.status);
        }
        return {
          orgName: email.orgName,
          brand: brandOf(target.orgId, email),
          maskedAddress: maskAddress(email.address),
          unsubscribed: true,
          created,
        };
      });
    },
  };
}

export type UnsubscribeService = ReturnType<typeof createUnsubscribeService>;
