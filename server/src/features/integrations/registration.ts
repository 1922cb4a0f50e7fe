import type { Logger } from 'pino';
import type { IntegrationProvider } from '../../db/schema/index.js';
import type { Outcome } from '../../providers/types.js';
import { providerOf } from '../../providers/registry.js';
import type { ProviderGateway, ResolvedIntegration } from './gateway.js';
import { registrationMessage } from './test-messages.js';

/** The connection-test code for "connected, but the provider has no webhook of ours". */
export const WEBHOOK_NOT_REGISTERED = 'webhook_not_registered';

/** Shown while a registration that calls us back (Meta's handshake) has not finished. */
export const REGISTRATION_PENDING = 'Switchboard is registering its webhook with the provider.';

export const webhookMissingMessage = (provider: IntegrationProvider) => {
  const name = providerOf(provider).label;
  return (
    `Connected, but ${name} has no webhook registered for this integration, so delivery reports ` +
    'and incoming messages do not arrive. Use "Re-register webhook".'
  );
};

/** A provider call of the integrations feature, as a provider_event row. */
export const outboundEvent = (
  i: Pick<ResolvedIntegration, 'id' | 'orgId' | 'provider'>,
  kind: string,
  outcome: Outcome<unknown>,
) => ({
  orgId: i.orgId,
  integrationId: i.id,
  provider: i.provider,
  channel: providerOf(i.provider).defaultChannel,
  kind,
  outcome: outcome.ok ? 'ok' : outcome.error.kind,
  latencyMs: outcome.latencyMs,
  errorCode: outcome.ok ? null : (outcome.error.providerCode ?? outcome.error.class),
});

/**
 * The webhook registration some providers need (Telegram setWebhook; the sandbox's SendGrid Event
 * Webhook and Instagram subscription), turned into the status to store. A failure leaves the
 * integration needing attention, with our sentence; the provider's text goes to the log.
 */
export function createRegistration(deps: {
  gateway: ProviderGateway;
  logger: Pick<Logger, 'warn'>;
}) {
  return async function register(resolved: ResolvedIntegration) {
    const outcome = await deps.gateway.register(resolved);
    if (!outcome)
      return { outcome, status: 'active' as const, statusMessage: null, credentials: {} };
    if (outcome.ok) {
      return {
        outcome,
        status: 'active' as const,
        statusMessage: null,
        credentials: outcome.value.credentials ?? {},
      };
    }
    deps.logger.warn(
      {
        orgId: resolved.orgId,
        integrationId: resolved.id,
        provider: resolved.provider,
        failure: outcome.error,
      },
      'provider webhook registration failed',
    );
    return {
      outcome,
      status: 'needs_attention' as const,
      statusMessage: registrationMessage(resolved.provider, outcome.error.class),
      credentials: {},
    };
  };
}

export type Registration = Awaited<ReturnType<ReturnType<typeof createRegistration>>>;
