import { generateApiKey } from '../../platform/auth/api-keys.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import {
  idPageRequest,
  toPage,
  UUID_RE,
  type Page,
  type PaginationQuery,
} from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { apiKeyCreated, apiKeyRevoked } from './events.js';
import { apiKeysRepo, toApiKey } from './repo.js';
import type { ApiKey } from './schemas.js';
import type { ApiKeyScope } from '../../db/schema/index.js';

/** Keys are managed by people: a leaked key must not be able to mint more keys. */
function requireUserAdmin(ctx: OrgContext) {
  requireRole(ctx, 'admin');
  if (ctx.actor.type !== 'user')
    throw forbidden('API keys are managed by signed-in admins, not by API keys.');
}

export function createApiKeysService() {
  return {
    create(ctx: OrgContext, input: { name: string; scopes: ApiKeyScope[] }) {
      requireUserAdmin(ctx);
      return ctx.run(async (tx) => {
        const { key, hash, prefix } = generateApiKey();
        const row = await apiKeysRepo.create(tx, {
          orgId: ctx.orgId,
          name: input.name,
          prefix,
          keyHash: hash,
          scopes: input.scopes,
          createdBy: ctx.userId ?? null,
        });
        await auditInOrg(tx, ctx, {
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: row.id,
          metadata: { name: input.name, scopes: input.scopes, prefix },
        });
        await emitEvent(tx, apiKeyCreated, ctx.orgId, { apiKeyId: row.id, scopes: input.scopes });
        return { ...toApiKey(row), key };
      });
    },

    list(ctx: OrgContext, query: PaginationQuery): Promise<Page<ApiKey>> {
      requireRole(ctx, 'admin');
      const pageRequest = idPageRequest(query);
      return ctx.run(async (tx) => {
        const rows = await apiKeysRepo.list(tx, ctx.orgId, pageRequest);
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map(toApiKey) };
      });
    },

    revoke(ctx: OrgContext, keyId: string): Promise<void> {
      requireUserAdmin(ctx);
      if (!UUID_RE.test(keyId)) throw notFound('API key');
      return ctx.run(async (tx) => {
        const existing = await apiKeysRepo.get(tx, ctx.orgId, keyId);
        if (!existing) throw notFound('API key');
        if (existing.revokedAt) throw new AppError('conflict', 'This API key is already revoked.');
        await apiKeysRepo.revoke(tx, ctx.orgId, keyId, ctx.userId ?? null);
        await auditInOrg(tx, ctx, {
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: keyId,
          metadata: { name: existing.name, prefix: existing.prefix },
        });
        await emitEvent(tx, apiKeyRevoked, ctx.orgId, { apiKeyId: keyId });
      });
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
