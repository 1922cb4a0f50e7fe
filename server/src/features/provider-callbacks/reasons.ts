import type { IntegrationProvider } from '../../db/schema/index.js';
import { allProviders, providerOf } from '../../providers/registry.js';

/**
 * Why a provider failed a message, as our stable code and a sentence for people. Built from the
 * provider's error code only: the provider's own error text never reaches users.
 */
export interface FailureReason {
  code: string;
  text: string;
}

export const HARD_BOUNCE: FailureReason = {
  code: 'hard_bounce',
  text: 'The receiving mail server refused the address (hard bounce).',
};

export const BLOCKED: FailureReason = {
  code: 'blocked',
  text: 'The receiving mail server blocked the message; the address itself may be fine.',
};

const FAILED: FailureReason = {
  code: 'delivery_failed',
  text: 'The provider could not deliver the message.',
};

/** Our reason for a failure the provider reported: the provider's own, or the generic one. */
export function failureReason(
  provider: IntegrationProvider,
  errorCode: string | undefined,
): FailureReason {
  return providerOf(provider).send.failureReason?.(errorCode) ?? FAILED;
}

const OPTED_OUT_CODES = new Set(
  allProviders().flatMap((p) => (p.send.optedOutErrorCode ? [p.send.optedOutErrorCode] : [])),
);

/** A provider's "this recipient replied STOP to this sender" (Twilio 21610). */
export const isOptedOutCode = (errorCode: string | undefined) =>
  !!errorCode && OPTED_OUT_CODES.has(errorCode);
