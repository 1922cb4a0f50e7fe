import type { IntegrationProvider } from '../../db/schema/index.js';
import { call } from '../../providers/http.js';
import * as instagram from '../../providers/instagram/index.js';
import * as sendgrid from '../../providers/sendgrid/index.js';
import * as telegram from '../../providers/telegram/index.js';
import * as twilio from '../../providers/twilio/index.js';
import type { Channel, Endpoint, Outcome } from '../../providers/types.js';
import { webhookUrls } from './provider-specs.js';

/** An integration with its secrets decrypted: lives in memory for one operation only. */
export interface ResolvedIntegration {
  id: string;
  orgId: string;
  provider: IntegrationProvider;
  sandbox: boolean;
  credentials: Record<string, string>;
  settings: Record<string, string>;
  webhookSecret: string | null;
}

export const REAL_BASE_URLS: Record<IntegrationProvider, string> = {
  sendgrid: sendgrid.SENDGRID_API,
  twilio: twilio.TWILIO_API,
  telegram: telegram.TELEGRAM_API,
  instagram: instagram.GRAPH_API,
};

export const DEFAULT_CHANNEL: Record<IntegrationProvider, Channel> = {
  sendgrid: 'email',
  twilio: 'sms',
  telegram: 'telegram',
  instagram: 'instagram',
};

export interface GatewayConfig {
  publicUrl: string;
  sandboxUrl: string;
  /** Overrides of the real providers' base URLs (e.g. a regional Twilio edge). */
  baseUrls?: Partial<Record<IntegrationProvider, string>>;
}

/**
 * The provider calls the integrations feature makes itself: connection tests and the webhook
 * registrations some providers need. Sandbox integrations talk to the emulators.
 */
export function createProviderGateway(config: GatewayConfig) {
  const endpoint = (i: Pick<ResolvedIntegration, 'provider' | 'sandbox'>): Endpoint => ({
    baseUrl: i.sandbox
      ? `${config.sandboxUrl}/${i.provider}`
      : (config.baseUrls?.[i.provider] ?? REAL_BASE_URLS[i.provider]),
    timeoutMs: 10_000,
  });
  const c = (i: ResolvedIntegration, name: string) => i.credentials[name] ?? '';

  return {
    endpoint,

    testConnection(i: ResolvedIntegration): Promise<Outcome<unknown>> {
      switch (i.provider) {
        case 'sendgrid':
          return sendgrid.testConnection(endpoint(i), { apiKey: c(i, 'apiKey') });
        case 'twilio':
          return twilio.testConnection(endpoint(i), {
            accountSid: c(i, 'accountSid'),
            authToken: c(i, 'authToken'),
          });
        case 'telegram':
          return telegram.getMe(endpoint(i), { botToken: c(i, 'botToken') });
        case 'instagram':
          return instagram.testConnection(endpoint(i), {
            pageAccessToken: c(i, 'pageAccessToken'),
          });
      }
    },

    /**
     * The registration a provider needs at creation: Telegram `setWebhook` (with our secret
     * token); in the sandbox also SendGrid's signed Event Webhook (whose verification key is
     * returned, to be stored) and the Instagram app subscription. `null`: nothing to register.
     */
    async register(
      i: ResolvedIntegration,
    ): Promise<Outcome<{ credentials?: Record<string, string> }> | null> {
      const urls = webhookUrls(config.publicUrl, i.provider, i.id);
      if (i.provider === 'telegram') {
        const res = await telegram.setWebhook(
          endpoint(i),
          { botToken: c(i, 'botToken') },
          { url: urls.updates!, secretToken: i.webhookSecret ?? '' },
        );
        return res.ok ? { ...res, value: {} } : res;
      }
      if (!i.sandbox) return null;
      if (i.provider === 'sendgrid') {
        const res = await sendgrid.configureEventWebhook(
          endpoint(i),
          { apiKey: c(i, 'apiKey') },
          urls.events!,
        );
        return res.ok
          ? { ...res, value: { credentials: { webhookPublicKey: res.value.publicKey } } }
          : res;
      }
      if (i.provider === 'instagram') {
        return call(
          `${endpoint(i).baseUrl}/_subscribe`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              pageAccessToken: c(i, 'pageAccessToken'),
              appSecret: c(i, 'appSecret'),
              callbackUrl: urls.callback,
              verifyToken: i.webhookSecret ?? '',
              igUserId: i.settings.igUserId,
            }),
            idempotent: true,
          },
          (res) =>
            res.status === 200
              ? { ok: true, value: {} }
              : {
                  ok: false,
                  error: {
                    kind: 'permanent',
                    class: 'unexpected_response',
                    status: res.status,
                    detail: res.text,
                  },
                },
        );
      }
      return null;
    },

    /** Whether `register` has anything to do for this integration (so it can be re-run). */
    registersWebhook: (i: Pick<ResolvedIntegration, 'provider' | 'sandbox'>) =>
      i.provider === 'telegram' || (i.sandbox && i.provider !== 'twilio'),

    /**
     * Registrations the provider verifies by calling us (Meta's `hub.challenge` handshake), so the
     * integration must exist, with its verify token, before `register` runs.
     */
    registrationCallsBack: (i: Pick<ResolvedIntegration, 'provider' | 'sandbox'>) =>
      i.provider === 'instagram' && i.sandbox,

    /**
     * Asks the provider whether our webhook is still the registered one (Telegram's
     * getWebhookInfo; in the sandbox also SendGrid's Event Webhook settings and the Instagram
     * subscription). `null`: nothing to ask.
     */
    async registrationStatus(
      i: ResolvedIntegration,
    ): Promise<Outcome<{ registered: boolean }> | null> {
      const urls = webhookUrls(config.publicUrl, i.provider, i.id);
      const registered = <T>(res: Outcome<T>, test: (v: T) => boolean) =>
        res.ok ? { ...res, value: { registered: test(res.value) } } : res;
      if (i.provider === 'telegram') {
        const res = await telegram.getWebhookInfo(endpoint(i), { botToken: c(i, 'botToken') });
        return registered(res, (v) => v.url === urls.updates);
      }
      if (!i.sandbox) return null;
      if (i.provider === 'sendgrid') {
        const res = await sendgrid.getEventWebhookSettings(endpoint(i), { apiKey: c(i, 'apiKey') });
        return registered(res, (v) => v.enabled && v.url === urls.events);
      }
      if (i.provider === 'instagram') {
        const res = await instagram.subscribedApps(endpoint(i), {
          pageAccessToken: c(i, 'pageAccessToken'),
        });
        return registered(res, (v) => v.count > 0);
      }
      return null;
    },
  };
}

export type ProviderGateway = ReturnType<typeof createProviderGateway>;
