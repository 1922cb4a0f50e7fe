import type { IntegrationProvider } from '../../db/schema/index.js';
import type { ResolvedIntegration } from '../../providers/provider.js';
import { providerOf, registersWebhook, webhookUrls } from '../../providers/registry.js';
import type { Endpoint, Outcome } from '../../providers/types.js';

export type { ResolvedIntegration } from '../../providers/provider.js';

export interface GatewayConfig {
  publicUrl: string;
  sandboxUrl: string;
  /** Overrides of the real providers' base URLs (e.g. a regional Twilio edge). */
  baseUrls?: Partial<Record<IntegrationProvider, string>>;
}

/**
 * The provider calls the integrations feature makes itself: connection tests and the webhook
 * registrations some providers need, through each provider's capabilities in the registry.
 * Sandbox integrations talk to the emulators.
 */
export function createProviderGateway(config: GatewayConfig) {
  const endpoint = (i: Pick<ResolvedIntegration, 'provider' | 'sandbox'>): Endpoint => ({
    baseUrl: i.sandbox
      ? `${config.sandboxUrl}/${i.provider}`
      : (config.baseUrls?.[i.provider] ?? providerOf(i.provider).apiBaseUrl),
    timeoutMs: 10_000,
  });
  const connected = (i: ResolvedIntegration) => ({ ...i, endpoint: endpoint(i) });
  const urls = (i: ResolvedIntegration) => webhookUrls(config.publicUrl, i.provider, i.id);
  const registration = (i: ResolvedIntegration) =>
    registersWebhook(i) ? providerOf(i.provider).registration : undefined;

  return {
    endpoint,

    testConnection: (i: ResolvedIntegration): Promise<Outcome<unknown>> =>
      providerOf(i.provider).connection.test(connected(i)),

    /**
     * The registration the provider needs at creation (Telegram `setWebhook` with our secret
     * token; in the sandbox also SendGrid's signed Event Webhook, whose verification key is
     * returned to be stored, and the Instagram subscription). `null`: nothing to register.
     */
    register(
      i: ResolvedIntegration,
    ): Promise<Outcome<{ credentials?: Record<string, string> }>> | null {
      return registration(i)?.register(connected(i), urls(i)) ?? null;
    },

    /** Whether `register` has anything to do for this integration (so it can be re-run). */
    registersWebhook,

    /**
     * Registrations the provider verifies by calling us (Meta's `hub.challenge` handshake), so the
     * integration must exist, with its verify token, before `register` runs.
     */
    registrationCallsBack: (i: Pick<ResolvedIntegration, 'provider' | 'sandbox'>) =>
      !!(registersWebhook(i) && providerOf(i.provider).registration?.callsBack),

    /** Asks the provider whether our webhook is still the registered one. `null`: nothing to ask. */
    registrationStatus(i: ResolvedIntegration): Promise<Outcome<{ registered: boolean }>> | null {
      return registration(i)?.status(connected(i), urls(i)) ?? null;
    },
  };
}

export type ProviderGateway = ReturnType<typeof createProviderGateway>;
