import type { IntegrationProvider } from '../../db/schema/index.js';
import { providerOf } from '../../providers/registry.js';
import type { FailureClass } from '../../providers/types.js';

/**
 * What a person sees when a connection test (or a registration) fails: a stable code and a
 * sentence we wrote, saying what to do. The provider's own error text goes to the operators' log.
 */
export const TEST_CODES = {
  ok: 'ok',
  auth_failed: 'provider_auth_failed',
  permission_denied: 'provider_permission_denied',
  rate_limited: 'provider_rate_limited',
  unavailable: 'provider_unavailable',
  network: 'provider_unreachable',
  timeout: 'provider_unreachable',
  invalid_request: 'provider_rejected_request',
  recipient_rejected: 'provider_rejected_request',
  unexpected_response: 'provider_unexpected_response',
} as const satisfies Record<FailureClass | 'ok', string>;

type Messages = Record<FailureClass | 'ok', string>;

const generic = (name: string): Messages => ({
  ok: `Connected to ${name}.`,
  auth_failed: `${name} rejected the credentials. Copy them again from your ${name} account and save.`,
  permission_denied: `The credentials work but lack a permission Switchboard needs. Check the account's permissions in ${name}.`,
  rate_limited: `${name} is limiting requests from this account right now. Wait a minute and test again.`,
  unavailable: `${name} is having trouble right now. Test again in a few minutes; check ${name}'s status page if it persists.`,
  network: `Switchboard could not reach ${name} (network, DNS or TLS problem). Check the server's internet access and test again.`,
  timeout: `${name} did not answer in time. Test again in a moment.`,
  invalid_request: `${name} refused the request. Check the settings of this integration.`,
  recipient_rejected: `${name} refused the request. Check the settings of this integration.`,
  unexpected_response: `${name} answered in a way Switchboard did not expect. Test again; if it persists, contact support.`,
});

const messagesOf = (provider: IntegrationProvider): Messages => {
  const spec = providerOf(provider);
  return { ...generic(spec.label), ...spec.messages };
};

export function testMessage(provider: IntegrationProvider, failure: FailureClass | 'ok') {
  return { code: TEST_CODES[failure], message: messagesOf(provider)[failure] };
}

/** Registration failures (Telegram setWebhook, sandbox subscription) use the same vocabulary. */
export const registrationMessage = (provider: IntegrationProvider, failure: FailureClass) =>
  `Switchboard could not register its webhook. ${messagesOf(provider)[failure]}`;
