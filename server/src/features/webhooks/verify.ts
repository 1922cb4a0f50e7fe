import type { KeyObject } from 'node:crypto';
import type { IntegrationProvider } from '../../db/schema/index.js';
import * as instagram from '../../providers/instagram/parse.js';
import * as sendgrid from '../../providers/sendgrid/index.js';
import * as telegram from '../../providers/telegram/parse.js';
import * as twilio from '../../providers/twilio/index.js';
import type { NormalizedEvent } from '../../providers/types.js';

export type Purpose = 'events' | 'status' | 'inbound' | 'updates' | 'callback';

export interface WebhookSecrets {
  provider: IntegrationProvider;
  credentials: Record<string, string>;
  webhookSecret: string | null;
}

export interface InboundRequest {
  purpose: Purpose;
  /** The public URL the provider called (PUBLIC_URL + path + query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now?: number;
}

const header = (req: InboundRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

// Parsing a SPKI key costs more than verifying: keep the parsed keys of recent integrations.
const keyCache = new Map<string, KeyObject | undefined>();
function publicKey(base64: string) {
  if (!keyCache.has(base64)) {
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(base64, sendgrid.parsePublicKey(base64));
  }
  return keyCache.get(base64);
}

// Twilio's form body is needed by both verification and parsing: parse it once per request.
const forms = new WeakMap<Buffer, twilio.FormParams>();
function formOf(rawBody: Buffer): twilio.FormParams {
  let params = forms.get(rawBody);
  if (!params) {
    params = twilio.parseForm(rawBody);
    forms.set(rawBody, params);
  }
  return params;
}

/** Each provider's own verification, on the raw bytes; nothing else runs before it. */
export function verifyInbound(secrets: WebhookSecrets, req: InboundRequest): boolean {
  const c = secrets.credentials;
  switch (secrets.provider) {
    case 'sendgrid': {
      const key = c.webhookPublicKey ? publicKey(c.webhookPublicKey) : undefined;
      if (!key) return false;
      return sendgrid.verifyEventWebhook({
        publicKey: key,
        signature: header(req, sendgrid.SIGNATURE_HEADER),
        timestamp: header(req, sendgrid.TIMESTAMP_HEADER),
        rawBody: req.rawBody,
        ...(req.now !== undefined && { now: req.now }),
      }).ok;
    }
    case 'twilio': {
      const token = c.authToken ?? '';
      const signature = header(req, twilio.SIGNATURE_HEADER);
      const type = header(req, 'content-type') ?? '';
      return type.startsWith('application/json')
        ? twilio.validateJsonRequest(token, signature, req.url, req.rawBody)
        : twilio.validateFormRequest(token, signature, req.url, formOf(req.rawBody));
    }
    case 'telegram':
      return (
        !!secrets.webhookSecret &&
        telegram.verifySecretToken(secrets.webhookSecret, header(req, telegram.SECRET_HEADER))
      );
    case 'instagram':
      return instagram.verifySignature(
        c.appSecret ?? '',
        header(req, instagram.SIGNATURE_HEADER),
        req.rawBody,
      );
  }
}

/**
 * The events in a verified request, each with its dedupe key. `undefined`: the body is not
 * what this provider sends (stored raw, nothing to process).
 */
export function parseInbound(
  provider: IntegrationProvider,
  req: Pick<InboundRequest, 'purpose' | 'rawBody' | 'headers'>,
): { providerEventId: string; event: NormalizedEvent | null }[] | undefined {
  switch (provider) {
    case 'sendgrid':
      return sendgrid
        .parseEvents(req.rawBody)
        ?.map((e) => ({ providerEventId: e.providerEventId, event: e }));
    case 'twilio': {
      const params = formOf(req.rawBody);
      const events =
        req.purpose === 'inbound'
          ? twilio.parseInbound(params)
          : twilio.parseStatusCallback(params);
      return events.length
        ? events.map((e) => ({ providerEventId: e.providerEventId, event: e }))
        : undefined;
    }
    case 'telegram': {
      const update = telegram.parseUpdate(req.rawBody);
      if (!update) return undefined;
      // Updates without a message are kept for dedupe only.
      return update.events.length
        ? update.events.map((e) => ({ providerEventId: e.providerEventId, event: e }))
        : [{ providerEventId: update.updateId, event: null }];
    }
    case 'instagram':
      return instagram
        .parseNotification(req.rawBody)
        ?.map((e) => ({ providerEventId: e.providerEventId, event: e }));
  }
}

/** Headers worth keeping with the raw body (signatures, timestamps; never a secret token). */
export const KEPT_HEADERS = [
  'content-type',
  'user-agent',
  'x-twilio-signature',
  'i-twilio-idempotency-token',
  'x-twilio-email-event-webhook-signature',
  'x-twilio-email-event-webhook-timestamp',
  'x-hub-signature-256',
];

/** Telegram and Meta expect 403 for a request they did not sign; the others get 401. */
export const REJECT_STATUS: Record<IntegrationProvider, 401 | 403> = {
  sendgrid: 401,
  twilio: 401,
  telegram: 403,
  instagram: 403,
};
