import type { z } from 'zod';
import type { IntegrationProvider } from '../../db/schema/index.js';
import type { KeyRing } from '../../platform/crypto/fernet.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { OrgContext } from '../../platform/tenancy.js';
import { providerOf, webhookUrls } from '../../providers/registry.js';
import type { ProviderGateway, ResolvedIntegration } from './gateway.js';
import { maskHint } from './mask.js';
import { WEBHOOK_NOT_REGISTERED } from './registration.js';
import type { IntegrationRow } from './repo.js';
import type { Integration } from './schemas.js';

/*
 * How an integration row is checked on the way in (each provider's exact formats) and shown on
 * the way out (URLs, masked hints, the verify token for admins, health), and its secrets opened.
 */

type Strings = Record<string, string>;

export const compact = (o: Record<string, string | undefined>): Strings =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => !!e[1]));

export function checkFormats(
  provider: IntegrationProvider,
  sandbox: boolean,
  credentials: Strings,
  settings: Strings,
): void {
  const spec = providerOf(provider);
  const errors: FieldError[] = [];
  const collect = (prefix: string, schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ path: [prefix, ...issue.path].join('.'), message: issue.message });
      }
    }
  };
  collect('credentials', spec.credentials, credentials);
  collect('settings', spec.settings, settings);
  errors.push(...(spec.checkCredentials?.(credentials, { sandbox }) ?? []));
  if (errors.length) {
    throw new AppError('validation_failed', 'Check the highlighted fields.', { errors });
  }
}

export function createIntegrationViews(deps: {
  secrets: KeyRing;
  publicUrl: string;
  gateway: Pick<ProviderGateway, 'registersWebhook'>;
}) {
  const { secrets } = deps;

  function toIntegration(row: IntegrationRow, ctx: OrgContext, silent = false): Integration {
    const canSeeToken = ctx.role === 'owner' || ctx.role === 'admin';
    return {
      id: row.id,
      provider: row.provider,
      name: row.name,
      status: row.status,
      statusMessage: row.statusMessage,
      sandbox: row.sandbox,
      credentialHints: row.credentialHints,
      settings: row.settings,
      webhook: {
        urls: webhookUrls(deps.publicUrl, row.provider, row.id),
        verification: row.verification,
        ...(providerOf(row.provider).webhookSecret?.shownToAdmins &&
          canSeeToken &&
          row.webhookSecretEncrypted && {
            verifyToken: secrets.decryptString(row.webhookSecretEncrypted),
          }),
        lastVerifiedAt: isoOrNull(row.lastVerifiedAt),
        lastCallbackAt: isoOrNull(row.lastCallbackAt),
        rejected24h: row.rejected24h,
        registeredBySwitchboard: deps.gateway.registersWebhook(row),
        callbacksMissing: silent || row.lastTestCode === WEBHOOK_NOT_REGISTERED,
      },
      lastTest:
        row.lastTestAt && row.lastTestCode
          ? { at: iso(row.lastTestAt), ok: row.lastTestCode === 'ok', code: row.lastTestCode }
          : null,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
  }

  const hints = (provider: IntegrationProvider, credentials: Strings) =>
    Object.fromEntries(
      providerOf(provider)
        .secretFields.filter((f) => credentials[f])
        .map((f) => [f, maskHint(credentials[f]!)]),
    );

  function resolveRow(row: IntegrationRow): ResolvedIntegration {
    return {
      id: row.id,
      orgId: row.orgId,
      provider: row.provider,
      sandbox: row.sandbox,
      credentials: JSON.parse(secrets.decryptString(row.credentialsEncrypted)) as Strings,
      settings: row.settings,
      webhookSecret: row.webhookSecretEncrypted
        ? secrets.decryptString(row.webhookSecretEncrypted)
        : null,
    };
  }

  return { toIntegration, hints, resolveRow };
}
