import type { IntegrationProvider } from '../../db/schema/index.js';

/**
 * Why a provider failed a message, as our stable code and a sentence for people. Built from the
 * provider's error code only: the provider's own error text never reaches users.
 */
export interface FailureReason {
  code: string;
  text: string;
}

const TWILIO: Record<string, FailureReason> = {
  '21610': {
    code: 'recipient_opted_out',
    text: 'The recipient has opted out of messages from this sender (they replied STOP).',
  },
  '21211': { code: 'invalid_number', text: 'The phone number is not valid.' },
  '21614': { code: 'not_mobile', text: 'The number cannot receive text messages.' },
  '30003': {
    code: 'unreachable',
    text: 'The phone was unreachable (switched off or out of coverage).',
  },
  '30004': {
    code: 'blocked_by_recipient',
    text: 'The recipient blocks messages from this sender.',
  },
  '30005': {
    code: 'unknown_number',
    text: 'The number does not exist or is no longer in service.',
  },
  '30006': { code: 'landline', text: 'The number cannot receive text messages (landline).' },
  '30007': { code: 'carrier_filtered', text: 'The carrier filtered the message as unwanted.' },
  '63016': {
    code: 'outside_session',
    text: 'WhatsApp only allows a template message outside the 24-hour reply window.',
  },
};

export const HARD_BOUNCE: FailureReason = {
  code: 'hard_bounce',
  text: 'The receiving mail server refused the address (hard bounce).',
};

export const BLOCKED: FailureReason = {
  code: 'blocked',
  text: 'The receiving mail server blocked the message; the address itself may be fine.',
};

const DROPPED: FailureReason = {
  code: 'dropped',
  text: 'SendGrid did not send the message (the address bounced, unsubscribed or complained earlier).',
};

const FAILED: FailureReason = {
  code: 'delivery_failed',
  text: 'The provider could not deliver the message.',
};

export function failureReason(
  provider: IntegrationProvider,
  errorCode: string | undefined,
): FailureReason {
  if (provider === 'twilio' && errorCode && TWILIO[errorCode]) return TWILIO[errorCode];
  if (provider === 'sendgrid') return DROPPED;
  return FAILED;
}

/** Twilio's "this number replied STOP to this sender". */
export const TWILIO_OPTED_OUT = '21610';
