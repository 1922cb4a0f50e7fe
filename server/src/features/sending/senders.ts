import { providerOf, webhookUrls } from '../../providers/registry.js';
import type { Connected, ProviderSender } from '../../providers/provider.js';

export type { LookupResult, OutboundMessage, ProviderSender } from '../../providers/provider.js';

/** The integration's provider's sender (its `send` capability), with its callback URLs. */
export const senderFor = (i: Connected, publicUrl: string): ProviderSender =>
  providerOf(i.provider).send.sender(i, { webhookUrls: webhookUrls(publicUrl, i.provider, i.id) });

/** Our sentence for a provider failure class: what a person can do about it. Never raw text. */
export const FAILURE_REASONS: Record<string, string> = {
  auth_failed: 'The provider refused the integration’s credentials. Update them and retry.',
  permission_denied: 'The provider account is not allowed to send this. Check its permissions.',
  rate_limited: 'The provider kept rate-limiting the sends.',
  unavailable: 'The provider was unavailable.',
  network: 'The provider could not be reached.',
  timeout: 'The provider did not answer in time.',
  invalid_request: 'The provider refused the message as invalid.',
  recipient_rejected: 'The provider refused the recipient (invalid, unreachable or opted out).',
  unexpected_response: 'The provider answered in a way Switchboard does not understand.',
};
