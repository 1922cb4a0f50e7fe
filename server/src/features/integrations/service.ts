import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../../db/client.js';
import type { IntegrationStatus } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import { AppError, notFound } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { UUID_RE } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { providerOf } from '../../providers/registry.js';
import type { Outcome } from '../../providers/types.js';
import { integrationCreated, integrationDeleted, integrationStatusChanged } from './events.js';
import type { ProviderGateway, ResolvedIntegration } from './gateway.js';
import {
  createRegistration,
  outboundEvent,
  REGISTRATION_PENDING,
  WEBHOOK_NOT_REGISTERED,
  webhookMissingMessage,
  type Registration,
} from './registration.js';
import { integrationsRepo, providerEventsRepo, type IntegrationRow } from './repo.js';
import type {
  ConnectionTestResult,
  CreateIntegrationBody,
  Integration,
  UpdateIntegrationBody,
} from './schemas.js';
import { testMessage } from './test-messages.js';
import { checkFormats, compact, createIntegrationViews } from './views.js';

export interface IntegrationsDeps {
  secrets: KeyRing;
  gateway: ProviderGateway;
  publicUrl: string;
  sandboxEnabled: boolean;
  logger: Pick<Logger, 'warn'>;
  /** Called after an integration's credentials, verification mode or existence changed. */
  onChanged?: (integrationId: string) => void;
  /**
   * Which integrations of an org have messages waiting for a report while no callback comes (the
   * messaging feature's callback-silence check, decision 011); absent: never silent.
   */
  callbackSilence?: (orgId: string) => Promise<{ integrationId: string; silent: boolean }[]>;
}

export function createIntegrationsService(deps: IntegrationsDeps) {
  const { secrets } = deps;
  const register = createRegistration(deps);

  async function silentIds(orgId: string) {
    const silence = (await deps.callbackSilence?.(orgId)) ?? [];
    return new Set(silence.filter((s) => s.silent).map((s) => s.integrationId));
  }

  const { toIntegration, hints, resolveRow } = createIntegrationViews(deps);

  async function load(ctx: OrgContext, id: string, tx: Executor) {
    if (!UUID_RE.test(id)) throw notFound('Integration');
    const row = await integrationsRepo.get(tx, ctx.orgId, id);
    if (!row) throw notFound('Integration');
    return row;
  }

  /** Runs the provider's registration again and stores what it gave (status, a new signing key). */
  async function reRegister(ctx: OrgContext, existing: IntegrationRow): Promise<Integration> {
    const current = resolveRow(existing);
    const registration = await register(current);
    const credentials = { ...current.credentials, ...registration.credentials };
    const credentialsChanged = Object.keys(registration.credentials).length > 0;
    const { id } = existing;
    return ctx
      .run(async (tx) => {
        await integrationsRepo.update(tx, ctx.orgId, id, {
          status: registration.status,
          statusMessage: registration.statusMessage,
          // The test that found the webhook missing is answered by this registration.
          ...(registration.status === 'active' &&
            existing.lastTestCode === WEBHOOK_NOT_REGISTERED && {
              lastTestAt: null,
              lastTestCode: null,
            }),
          ...(credentialsChanged && {
            credentialsEncrypted: secrets.encryptString(JSON.stringify(credentials)),
            credentialHints: hints(existing.provider, credentials),
          }),
        });
        if (registration.outcome) {
          await providerEventsRepo.insert(
            tx,
            outboundEvent(current, 'webhook_register', registration.outcome),
          );
        }
        await auditInOrg(tx, ctx, {
          action: 'integration.webhook_registered',
          targetType: 'integration',
          targetId: id,
          metadata: { provider: existing.provider, status: registration.status },
        });
        if (registration.status !== existing.status) {
          await emitEvent(tx, integrationStatusChanged, ctx.orgId, {
            integrationId: id,
            provider: existing.provider,
            status: registration.status,
            previous: existing.status,
          });
        }
        return toIntegration((await integrationsRepo.get(tx, ctx.orgId, id))!, ctx);
      })
      .finally(() => deps.onChanged?.(id));
  }

  return {
    async create(ctx: OrgContext, body: CreateIntegrationBody): Promise<Integration> {
      requireRole(ctx, 'admin');
      const credentials = compact(body.credentials);
      const settings = compact(body.settings);
      if (body.sandbox && !deps.sandboxEnabled) {
        throw new AppError(
          'sandbox_unavailable',
          'Sandbox integrations need the provider sandbox, which is off on this server (SANDBOX).',
        );
      }
      checkFormats(body.provider, body.sandbox, credentials, settings);
      const id = uuidv7();
      const webhookSecret = providerOf(body.provider).webhookSecret?.generate() ?? null;
      const resolved: ResolvedIntegration = {
        id,
        orgId: ctx.orgId,
        provider: body.provider,
        sandbox: body.sandbox,
        credentials,
        settings,
        webhookSecret,
      };
      // The network call happens before the transaction: no row exists until we know its status.
      // Except where the provider calls us to verify (Meta): the row must exist to answer it.
      const callsBack = deps.gateway.registrationCallsBack(resolved);
      const registration = callsBack ? null : await register(resolved);
      const stored = { ...credentials, ...registration?.credentials };
      const created = await ctx.run(async (tx) => {
        const row = await integrationsRepo.insert(tx, {
          id,
          orgId: ctx.orgId,
          provider: body.provider,
          name:
            body.name ?? `${providerOf(body.provider).label}${body.sandbox ? ' (sandbox)' : ''}`,
          status: registration?.status ?? 'needs_attention',
          statusMessage: registration ? registration.statusMessage : REGISTRATION_PENDING,
          sandbox: body.sandbox,
          credentialsEncrypted: secrets.encryptString(JSON.stringify(stored)),
          credentialHints: hints(body.provider, stored),
          settings,
          webhookSecretEncrypted: webhookSecret ? secrets.encryptString(webhookSecret) : null,
          verification: body.verification,
          createdBy: ctx.userId ?? null,
        });
        if (registration?.outcome) {
          await providerEventsRepo.insert(
            tx,
            outboundEvent(resolved, 'webhook_register', registration.outcome),
          );
        }
        await auditInOrg(tx, ctx, {
          action: 'integration.created',
          targetType: 'integration',
          targetId: id,
          metadata: { provider: body.provider, sandbox: body.sandbox, status: row.status },
        });
        await emitEvent(tx, integrationCreated, ctx.orgId, {
          integrationId: id,
          provider: body.provider,
        });
        return { integration: toIntegration(row, ctx), row };
      });
      return callsBack ? reRegister(ctx, created.row) : created.integration;
    },

    async list(ctx: OrgContext): Promise<{ items: Integration[] }> {
      requireRole(ctx, 'viewer');
      const rows = await ctx.run((tx) => integrationsRepo.list(tx, ctx.orgId));
      const silent = await silentIds(ctx.orgId);
      return { items: rows.map((r) => toIntegration(r, ctx, silent.has(r.id))) };
    },

    async get(ctx: OrgContext, id: string): Promise<Integration> {
      requireRole(ctx, 'viewer');
      const row = await ctx.run((tx) => load(ctx, id, tx));
      return toIntegration(row, ctx, (await silentIds(ctx.orgId)).has(row.id));
    },

    /**
     * "Re-register webhook" (admin): the provider's registration again, e.g. after the provider
     * lost it. Only where Switchboard registers the webhook itself, and not while disabled.
     */
    async registerWebhook(ctx: OrgContext, id: string): Promise<Integration> {
      requireRole(ctx, 'admin');
      const existing = await ctx.run((tx) => load(ctx, id, tx));
      if (!deps.gateway.registersWebhook(existing)) {
        throw new AppError(
          'webhook_not_registrable',
          `Switchboard does not register this ${providerOf(existing.provider).label} webhook: enter the webhook URLs in the provider's console.`,
        );
      }
      if (existing.status === 'disabled') {
        throw new AppError(
          'webhook_not_registrable',
          'The integration is disabled: enable it, which registers the webhook again.',
        );
      }
      return reRegister(ctx, existing);
    },

    async update(ctx: OrgContext, id: string, body: UpdateIntegrationBody): Promise<Integration> {
      requireRole(ctx, 'admin');
      const existing = await ctx.run((tx) => load(ctx, id, tx));
      const current = resolveRow(existing);
      const credentials = { ...current.credentials, ...compact(body.credentials ?? {}) };
      const settings = compact({ ...current.settings, ...body.settings });
      let credentialsChanged = Object.entries(body.credentials ?? {}).some(
        ([k, v]) => v && current.credentials[k] !== v,
      );
      checkFormats(existing.provider, existing.sandbox, credentials, settings);
      const next: ResolvedIntegration = { ...current, credentials, settings };
      let status: IntegrationStatus = existing.status;
      let statusMessage = existing.statusMessage;
      let registration: Registration | undefined;
      const reenabling = body.status === 'active' && existing.status !== 'active';
      if (body.status === 'disabled') {
        status = 'disabled';
      } else if (credentialsChanged || reenabling) {
        registration = await register(next);
        Object.assign(credentials, registration.credentials);
        // A registration may hand back a credential to keep (the sandbox's new SendGrid key).
        if (Object.keys(registration.credentials).length) credentialsChanged = true;
        status = registration.status;
        statusMessage = registration.statusMessage;
      }
      return ctx
        .run(async (tx) => {
          await integrationsRepo.update(tx, ctx.orgId, id, {
            ...(body.name && { name: body.name }),
            ...(body.verification && { verification: body.verification }),
            settings,
            status,
            statusMessage: status === 'disabled' ? null : statusMessage,
            ...(credentialsChanged && {
              credentialsEncrypted: secrets.encryptString(JSON.stringify(credentials)),
              credentialHints: hints(existing.provider, credentials),
            }),
          });
          if (registration?.outcome) {
            await providerEventsRepo.insert(
              tx,
              outboundEvent(next, 'webhook_register', registration.outcome),
            );
          }
          await auditInOrg(tx, ctx, {
            action: 'integration.updated',
            targetType: 'integration',
            targetId: id,
            metadata: {
              provider: existing.provider,
              // Names of what changed, never values.
              credentials: Object.keys(body.credentials ?? {}),
              settings: Object.keys(body.settings ?? {}),
              ...(body.verification && { verification: body.verification }),
              ...(status !== existing.status && { status, previousStatus: existing.status }),
            },
          });
          if (status !== existing.status) {
            await emitEvent(tx, integrationStatusChanged, ctx.orgId, {
              integrationId: id,
              provider: existing.provider,
              status,
              previous: existing.status,
            });
          }
          return toIntegration((await integrationsRepo.get(tx, ctx.orgId, id))!, ctx);
        })
        .finally(() => deps.onChanged?.(id));
    },

    remove(ctx: OrgContext, id: string): Promise<void> {
      requireRole(ctx, 'admin');
      return ctx
        .run(async (tx) => {
          const existing = await load(ctx, id, tx);
          await integrationsRepo.delete(tx, ctx.orgId, id);
          await auditInOrg(tx, ctx, {
            action: 'integration.deleted',
            targetType: 'integration',
            targetId: id,
            metadata: { provider: existing.provider, name: existing.name },
          });
          await emitEvent(tx, integrationDeleted, ctx.orgId, {
            integrationId: id,
            provider: existing.provider,
          });
        })
        .finally(() => deps.onChanged?.(id));
    },

    /** A real, harmless provider call; the result is ours to word, the raw error is logged. */
    async test(ctx: OrgContext, id: string): Promise<ConnectionTestResult> {
      requireRole(ctx, 'admin');
      const existing = await ctx.run((tx) => load(ctx, id, tx));
      const resolved = resolveRow(existing);
      const outcome = await deps.gateway.testConnection(resolved);
      // Connected is not enough when the provider has forgotten our webhook: nothing would arrive.
      const check = outcome.ok ? await deps.gateway.registrationStatus(resolved) : null;
      const webhookMissing = !!check?.ok && !check.value.registered;
      const result = webhookMissing
        ? {
            ok: false,
            code: WEBHOOK_NOT_REGISTERED,
            message: webhookMissingMessage(existing.provider),
          }
        : {
            ok: outcome.ok,
            ...testMessage(existing.provider, outcome.ok ? 'ok' : outcome.error.class),
          };
      if (!outcome.ok) {
        deps.logger.warn(
          {
            orgId: ctx.orgId,
            integrationId: id,
            provider: existing.provider,
            failure: outcome.error,
          },
          'provider connection test failed',
        );
      }
      const credentialProblem =
        !outcome.ok && ['auth_failed', 'permission_denied'].includes(outcome.error.class);
      let status = existing.status;
      if (existing.status !== 'disabled') {
        if (credentialProblem || webhookMissing) status = 'needs_attention';
        else if (
          outcome.ok &&
          existing.status === 'needs_attention' &&
          // A failed registration is fixed by registering, unless the provider says it is there.
          (check?.ok || !existing.statusMessage?.startsWith('Switchboard could not register'))
        )
          status = 'active';
      }
      await ctx.run(async (tx) => {
        await integrationsRepo.update(tx, ctx.orgId, id, {
          lastTestAt: new Date(),
          lastTestCode: result.code,
          status,
          statusMessage:
            status === 'needs_attention'
              ? credentialProblem || webhookMissing
                ? result.message
                : existing.statusMessage
              : null,
        });
        await providerEventsRepo.insert(tx, outboundEvent(resolved, 'connection_test', outcome));
        if (status !== existing.status) {
          await emitEvent(tx, integrationStatusChanged, ctx.orgId, {
            integrationId: id,
            provider: existing.provider,
            status,
            previous: existing.status,
          });
        }
      });
      return result;
    },

    /**
     * For the messaging feature: an integration with its secrets decrypted and the endpoint its
     * adapter should call (the sandbox for sandbox integrations). Throws not_found.
     */
    async resolve(ctx: OrgContext, id: string) {
      const row = await ctx.run((tx) => load(ctx, id, tx));
      const resolved = resolveRow(row);
      return { ...resolved, status: row.status, endpoint: deps.gateway.endpoint(resolved) };
    },

    /** Records one outbound provider call (send, status fetch) for monitoring. */
    recordOutbound(
      tx: Executor,
      i: Pick<ResolvedIntegration, 'id' | 'orgId' | 'provider'>,
      kind: 'send' | 'status_fetch',
      outcome: Outcome<unknown>,
      channel?: string,
      messageId?: string,
    ) {
      return providerEventsRepo.insert(tx, {
        ...outboundEvent(i, kind, outcome),
        ...(channel && { channel }),
        ...(messageId && { messageId }),
      });
    },
    /** Many outbound calls of one integration at once (the sending pipeline's batches). */
    recordOutboundMany(
      tx: Executor,
      i: Pick<ResolvedIntegration, 'id' | 'orgId' | 'provider'>,
      calls: {
        kind: 'send' | 'status_fetch';
        outcome: Outcome<unknown>;
        channel?: string;
        messageId?: string;
      }[],
    ) {
      return providerEventsRepo.insert(
        tx,
        calls.map((c) => ({
          ...outboundEvent(i, c.kind, c.outcome),
          ...(c.channel && { channel: c.channel }),
          ...(c.messageId && { messageId: c.messageId }),
        })),
      );
    },
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
