/** Every vector in server/test/vectors/02–05 through the inbound verifiers. */
import { describe, expect, it } from 'vitest';
import { answerChallenge, verifySignature } from './instagram/parse.js';
import { verifyEventWebhook } from './sendgrid/verify.js';
import { isValidSecretToken, verifySecretToken } from './telegram/parse.js';
import {
  computeSignature,
  validateFormRequest,
  validateJsonRequest,
  type FormParams,
} from './twilio/signature.js';
import { loadVectors } from '../test/vectors.js';

interface TwilioVector {
  name: string;
  auth_token: string;
  url_as_configured: string;
  signed_string_url?: string;
  params: FormParams;
  raw_body?: string;
  expected_signature?: string;
  presented_signature?: string;
  expected_valid: boolean;
}
const twilio = loadVectors<{ vectors: TwilioVector[] }>('02_twilio_signature.json');

describe('Twilio X-Twilio-Signature vectors', () => {
  it('has the vectors', () => expect(twilio.vectors.length).toBeGreaterThanOrEqual(11));

  it.each(twilio.vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const signature = v.expected_signature ?? v.presented_signature;
    if (v.signed_string_url && v.expected_signature) {
      expect(computeSignature(v.auth_token, v.signed_string_url, v.params)).toBe(
        v.expected_signature,
      );
    }
    const valid =
      v.raw_body !== undefined
        ? validateJsonRequest(v.auth_token, signature, v.url_as_configured, v.raw_body)
        : validateFormRequest(v.auth_token, signature, v.url_as_configured, v.params);
    expect(valid).toBe(v.expected_valid);
    if (v.expected_valid) {
      // The same request with a wrong token, or one changed parameter, must fail.
      expect(
        v.raw_body !== undefined
          ? validateJsonRequest(`${v.auth_token}x`, signature, v.url_as_configured, v.raw_body)
          : validateFormRequest(`${v.auth_token}x`, signature, v.url_as_configured, v.params),
      ).toBe(false);
      if (v.raw_body !== undefined) {
        expect(
          validateJsonRequest(v.auth_token, signature, v.url_as_configured, `${v.raw_body} `),
        ).toBe(false);
      } else {
        expect(
          validateFormRequest(v.auth_token, signature, v.url_as_configured, {
            ...v.params,
            Extra: '1',
          }),
        ).toBe(false);
      }
    }
  });

  it('rejects a missing signature', () => {
    const v = twilio.vectors[0]!;
    expect(validateFormRequest(v.auth_token, undefined, v.url_as_configured, v.params)).toBe(false);
    expect(validateFormRequest(v.auth_token, '', v.url_as_configured, v.params)).toBe(false);
  });
});

interface SendGridVector {
  name: string;
  public_key_spki_der_b64: string;
  payload: string;
  signature: string;
  timestamp: string;
  expected_valid: boolean;
}
const sendgrid = loadVectors<{ vectors: SendGridVector[] }>('03_sendgrid_event_webhook.json');

describe('SendGrid Event Webhook vectors', () => {
  it('has the vectors', () => expect(sendgrid.vectors.length).toBeGreaterThanOrEqual(7));

  it.each(sendgrid.vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const input = {
      publicKey: v.public_key_spki_der_b64,
      signature: v.signature,
      timestamp: v.timestamp,
      rawBody: Buffer.from(v.payload, 'utf8'),
    };
    // Without the freshness window (these are historical), the signature alone decides.
    expect(verifyEventWebhook({ ...input, checkAge: false }).ok).toBe(v.expected_valid);
    // With the window, "now" just after the signing time accepts the valid ones.
    const now = Number(v.timestamp) * 1000 + 60_000;
    expect(verifyEventWebhook({ ...input, now }).ok).toBe(v.expected_valid);
    if (v.expected_valid) {
      // Four days later the same request is stale (SendGrid retries for 72 hours).
      expect(verifyEventWebhook({ ...input, now: now + 4 * 86_400_000 })).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
  });

  it('treats missing headers and a malformed key as failures', () => {
    const v = sendgrid.vectors[0]!;
    const rawBody = Buffer.from(v.payload);
    expect(
      verifyEventWebhook({
        publicKey: v.public_key_spki_der_b64,
        signature: undefined,
        timestamp: v.timestamp,
        rawBody,
      }),
    ).toEqual({ ok: false, reason: 'missing' });
    expect(
      verifyEventWebhook({
        publicKey: 'not a key',
        signature: v.signature,
        timestamp: v.timestamp,
        rawBody,
        checkAge: false,
      }).ok,
    ).toBe(false);
  });
});

interface MetaVector {
  name: string;
  secret: string;
  raw_body: string;
  header: string;
  expected_valid: boolean;
}
interface ChallengeVector {
  query: Record<string, string>;
  configured_verify_token: string;
  expected_status: number;
  expected_body?: string;
}
const meta = loadVectors<{
  vectors: MetaVector[];
  verification_request_vectors: ChallengeVector[];
}>('04_meta_x_hub_signature_256.json');

describe('Meta X-Hub-Signature-256 vectors', () => {
  it('has the vectors', () => expect(meta.vectors.length).toBeGreaterThanOrEqual(12));

  it.each(meta.vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    expect(verifySignature(v.secret, v.header, Buffer.from(v.raw_body, 'utf8'))).toBe(
      v.expected_valid,
    );
  });

  it.each(meta.verification_request_vectors.map((v, i) => [i, v] as const))(
    'hub.challenge verification request %i',
    (_i, v) => {
      const answer = answerChallenge(v.query, v.configured_verify_token);
      expect(answer.status).toBe(v.expected_status);
      if (answer.status === 200) expect(answer.body).toBe(v.expected_body);
    },
  );
});

interface TelegramVectors {
  valid: { value: string }[];
  invalid: { value: string }[];
  header_matching: {
    configured_secret: string;
    header_value: string | null;
    expected_accept: boolean;
  }[];
}
const telegram = loadVectors<TelegramVectors>('05_telegram_secret_token.json');

describe('Telegram secret token vectors', () => {
  it.each(telegram.valid.map((v) => [v.value.slice(0, 40), v] as const))(
    'accepts %j as a secret',
    (_n, v) => {
      expect(isValidSecretToken(v.value)).toBe(true);
    },
  );
  it.each(telegram.invalid.map((v) => [v.value.slice(0, 40), v] as const))(
    'refuses %j as a secret',
    (_n, v) => {
      expect(isValidSecretToken(v.value)).toBe(false);
    },
  );
  it.each(telegram.header_matching.map((v) => [String(v.header_value), v] as const))(
    'header %j',
    (_n, v) => {
      expect(verifySecretToken(v.configured_secret, v.header_value ?? undefined)).toBe(
        v.expected_accept,
      );
    },
  );
});
