import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * SendGrid retries a failed Event Webhook delivery for up to 72 hours; whether a retry is
 * re-signed is not documented, so the window covers the whole retry period: a genuine retry is
 * never rejected, and replays inside the window are neutralized by dedupe on `sg_event_id`.
 */
export const MAX_AGE_SECONDS = 72 * 3600;
/** Clock skew allowed for timestamps in the future. */
export const MAX_FUTURE_SECONDS = 300;

/** The Event Webhook verification key: base64 of a DER SubjectPublicKeyInfo (P-256). */
export function parsePublicKey(base64Der: string): KeyObject | undefined {
  try {
    const key = createPublicKey({
      key: Buffer.from(base64Der.trim(), 'base64'),
      format: 'der',
      type: 'spki',
    });
    return key.asymmetricKeyType === 'ec' ? key : undefined;
  } catch {
    return undefined;
  }
}

export const isValidPublicKey = (base64Der: string) => parsePublicKey(base64Der) !== undefined;

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'invalid' };

/**
 * ECDSA P-256 / SHA-256 over UTF-8(timestamp) || raw body, DER signature in base64
 * (SendGrid "Event Webhook security features"). `now` in ms; pass `checkAge: false` to verify a
 * historical vector.
 */
export function verifyEventWebhook(input: {
  publicKey: KeyObject | string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  now?: number;
  checkAge?: boolean;
}): VerifyResult {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  const key =
    typeof input.publicKey === 'string' ? parsePublicKey(input.publicKey) : input.publicKey;
  if (!key) return { ok: false, reason: 'invalid' };
  let valid = false;
  try {
    valid = verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp, 'utf8'), input.rawBody]),
      { key, dsaEncoding: 'der' },
      Buffer.from(signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'invalid' };
  if (input.checkAge !== false) {
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
    const now = (input.now ?? Date.now()) / 1000;
    if (!(seconds >= now - MAX_AGE_SECONDS && seconds <= now + MAX_FUTURE_SECONDS)) {
      return { ok: false, reason: 'stale' };
    }
  }
  return { ok: true };
}
