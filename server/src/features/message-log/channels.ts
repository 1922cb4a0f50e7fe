import type { Channel, IntegrationProvider, MessageChannel } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { providerOf } from '../../providers/registry.js';

/** The identity channel a message channel sends to: an SMS goes to a `phone` identity. */
export const identityChannelOf = (channel: MessageChannel): Channel =>
  channel === 'sms' ? 'phone' : channel;

/** The contacts channel of a message channel (an SMS goes to a `phone` identity). */
export const contactChannel = (channel: string): Channel =>
  channel === 'sms' ? 'phone' : (channel as Channel);

/** The channels an integration can send on (Twilio does WhatsApp when a WhatsApp sender is set). */
export const channelsOf = (
  provider: IntegrationProvider,
  settings: Record<string, string>,
): MessageChannel[] => providerOf(provider).channels(settings);

export function checkChannel(
  integration: { provider: IntegrationProvider; settings: Record<string, string> },
  channel: MessageChannel,
) {
  const channels = channelsOf(integration.provider, integration.settings);
  if (!channels.includes(channel)) {
    throw new AppError(
      'channel_mismatch',
      `This integration sends ${channels.join(' and ')}; the template is for ${channel}. ` +
        'Choose a template and an integration of the same channel.',
      { errors: [{ path: 'templateId', message: `is a ${channel} template` }] },
    );
  }
}

export function checkUsable(integration: { status: string }) {
  if (integration.status === 'disabled') {
    throw new AppError(
      'integration_unavailable',
      'This integration is disabled. Enable it on the integrations page before sending.',
      { errors: [{ path: 'integrationId', message: 'is disabled' }] },
    );
  }
}
