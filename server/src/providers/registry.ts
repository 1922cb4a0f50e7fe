import { instagram } from './instagram/provider.js';
import type { ProviderDefinition } from './provider.js';
import { sendgrid } from './sendgrid/provider.js';
import { telegram } from './telegram/provider.js';
import { twilio } from './twilio/provider.js';
import { PROVIDERS, type Provider } from './types.js';

/**
 * Every provider, once. Adding one: its folder (`providers/<name>/` with client, parser, verifier
 * and `provider.ts`), its name in `PROVIDERS` (types.ts), one line here and its emulator in
 * `sandbox/<name>.ts`. The features find what they need by capability.
 */
export const PROVIDER_REGISTRY: { readonly [P in Provider]: ProviderDefinition & { name: P } } = {
  sendgrid: { ...sendgrid, name: 'sendgrid' },
  twilio: { ...twilio, name: 'twilio' },
  telegram: { ...telegram, name: 'telegram' },
  instagram: { ...instagram, name: 'instagram' },
};

export const providerOf = (name: Provider): ProviderDefinition => PROVIDER_REGISTRY[name];

/** In the order of `PROVIDERS` (the order of the webhook routes and the API's enum). */
export const allProviders = (): ProviderDefinition[] => PROVIDERS.map(providerOf);

/** The URLs the provider calls, by purpose: `{PUBLIC_URL}/webhooks/{provider}/{id}{suffix}`. */
export function webhookUrls(
  publicUrl: string,
  provider: Provider,
  id: string,
): Record<string, string> {
  return Object.fromEntries(
    providerOf(provider).callbacks.routes.map((r) => [
      r.purpose,
      `${publicUrl}/webhooks/${provider}/${id}${r.suffix}`,
    ]),
  );
}

/** Whether Switchboard registers this integration's webhook with the provider (and can again). */
export function registersWebhook(i: { provider: Provider; sandbox: boolean }): boolean {
  const registration = providerOf(i.provider).registration;
  return !!registration && (!registration.sandboxOnly || i.sandbox);
}

/** Headers kept with a stored callback: the generic ones and every provider's own. */
export const KEPT_HEADERS: readonly string[] = [
  'content-type',
  'user-agent',
  ...new Set(allProviders().flatMap((p) => p.callbacks.keptHeaders)),
];
