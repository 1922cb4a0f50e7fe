/**
 * The shared vocabulary of the provider adapters: what a callback becomes once normalized, and
 * how an outbound call can fail. Adapters are pure wire-protocol modules: no database, no
 * logging, no configuration beyond what the caller passes in.
 */
export const PROVIDERS = ['sendgrid', 'twilio', 'telegram', 'instagram'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'instagram'] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENT_TYPES = [
  'accepted',
  'delivered',
  'failed',
  'bounced',
  'deferred',
  'opened',
  'clicked',
  'spam_report',
  'unsubscribed',
  'read',
  'inbound',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One provider callback event, in the shape every consumer (messaging, monitoring) reads. */
export interface NormalizedEvent {
  /** The provider's id of this event: the dedupe key (unique per integration). */
  providerEventId: string;
  type: EventType;
  channel: Channel;
  /** The provider's id of the message the event is about (for `inbound`: the new message). */
  providerMessageId: string | null;
  occurredAt: Date;
  /** Our side's counterpart: the recipient of an outbound message, the sender of an inbound one. */
  recipient: string | null;
  /** The provider's error code (Twilio 30007, SendGrid SMTP status, Graph error code). */
  errorCode?: string | undefined;
  /** For `inbound`: the text the person sent. */
  text?: string | undefined;
  /** The provider's own object for this event, as received. */
  payload: unknown;
}

/**
 * How an outbound call failed, from the caller's point of view:
 * - `retryable`: nothing was accepted; sending again is safe.
 * - `permanent`: sending again will fail the same way (bad credentials, invalid recipient…).
 * - `rate_limited`: try again after `retryAfterSeconds`.
 * - `ambiguous`: the provider may have accepted the request (timeout after sending, gateway
 *   timeout); the caller must reconcile (fetch status) before sending again.
 */
export type FailureKind = 'retryable' | 'permanent' | 'rate_limited' | 'ambiguous';

/** What went wrong, in classes we can explain to a person (see integrations/test-messages.ts). */
export type FailureClass =
  | 'auth_failed'
  | 'permission_denied'
  | 'rate_limited'
  | 'unavailable'
  | 'network'
  | 'timeout'
  | 'invalid_request'
  | 'recipient_rejected'
  | 'unexpected_response';

export interface ProviderFailure {
  kind: FailureKind;
  class: FailureClass;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  retryAfterSeconds?: number | undefined;
  /** The provider's error code (e.g. Twilio 21610), safe to store and show. */
  providerCode?: string | undefined;
  /** The provider's raw error text: for operators' logs only, never for users. */
  detail?: string | undefined;
}

export type Outcome<T> =
  | { ok: true; value: T; latencyMs: number }
  | { ok: false; error: ProviderFailure; latencyMs: number };

/** Where an adapter sends its requests; the sandbox emulator is just another base URL. */
export interface Endpoint {
  baseUrl: string;
  /** Per-request timeout; a send that times out is `ambiguous`. */
  timeoutMs?: number;
}

export interface SendResult {
  providerMessageId: string;
  /** The provider's initial status, when it says (Twilio `queued`). */
  status?: string | undefined;
}

export interface StatusResult {
  providerMessageId: string;
  type: EventType;
  providerStatus: string;
  errorCode?: string | undefined;
}
