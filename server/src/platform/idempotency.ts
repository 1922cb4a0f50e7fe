import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeys } from '../db/schema/index.js';
import { sha256 } from './auth/tokens.js';
import type { KeyRing } from './crypto/fernet.js';
import { AppError } from './errors.js';
import { withTransaction, type OrgContext } from './tenancy.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentResult<T> {
  body: T;
  status: number;
  replayed: boolean;
}

/**
 * `Idempotency-Key` for side-effecting POSTs. The key row is inserted first, in the same tenant
 * transaction as the work: a concurrent duplicate blocks on it and then replays the stored
 * response; a failed request rolls the key back so it can be retried. Keys are per org and per
 * caller, kept 24 hours, and bound to the request body (reuse with another body is a 422).
 */
export type Idempotent = <T>(
  request: FastifyRequest,
  ctx: OrgContext,
  status: number,
  fn: (ctx: OrgContext) => Promise<T>,
) => Promise<IdempotentResult<T>>;

export const createIdempotency = (secrets: KeyRing): Idempotent =>
  async function idempotent<T>(
    request: FastifyRequest,
    ctx: OrgContext,
    status: number,
    fn: (ctx: OrgContext) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return { body: await fn(ctx), status, replayed: false };
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw new AppError(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1–255 visible ASCII characters.',
      );
    }
    const principal = `${ctx.actor.type}:${ctx.actor.id}`;
    const requestHash = sha256(
      `${request.method} ${request.routeOptions.url ?? request.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`,
    );
    const where = and(
      eq(idempotencyKeys.orgId, ctx.orgId),
      eq(idempotencyKeys.principal, principal),
      eq(idempotencyKeys.key, key),
    );

    const outcome = await ctx.run(async (tx) => {
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({
          orgId: ctx.orgId,
          principal,
          key,
          requestHash,
          responseStatus: 0,
          expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
        })
        .onConflictDoUpdate({
          target: [idempotencyKeys.orgId, idempotencyKeys.principal, idempotencyKeys.key],
          set: {
            requestHash,
            responseStatus: 0,
            responseBody: null,
            createdAt: sql`now()`,
            expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
          },
          setWhere: lt(idempotencyKeys.expiresAt, sql`now()`),
        })
        .returning({ key: idempotencyKeys.key });
      if (!claimed.length) {
        const [existing] = await tx.select().from(idempotencyKeys).where(where);
        return { replayed: true as const, existing };
      }
      const body = await fn(withTransaction(ctx, tx));
      await tx
        .update(idempotencyKeys)
        .set({
          responseStatus: status,
          responseBody: secrets.encryptString(JSON.stringify(body ?? null)),
        })
        .where(where);
      return { replayed: false as const, body };
    });

    if (!outcome.replayed) return { body: outcome.body, status, replayed: false };
    const existing = outcome.existing;
    if (!existing || existing.responseStatus === 0) {
      throw new AppError(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being processed.',
      );
    }
    if (existing.requestHash !== requestHash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request. Use a new key for a new request.',
      );
    }
    const body = JSON.parse(
      existing.responseBody ? secrets.decryptString(existing.responseBody) : 'null',
    ) as T;
    return { body, status: existing.responseStatus, replayed: true };
  };
